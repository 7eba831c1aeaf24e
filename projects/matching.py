"""Needs and offers that meet: each open need beside the offers that share its kind and
something more (a theme, a commune or words of their descriptions, stemmed in French), ranked
by score with the reasons shown. Everything is fetched in a fixed number of queries; the pairs
are scored in Python."""

import re
from dataclasses import dataclass, field
from functools import cache

import snowballstemmer
from django.utils.translation import gettext as _

from alliance import text
from alliance.text import fold

# Beside French stop words, words every need or offer says, which tell nothing about it.
STOP_WORDS = text.STOP_WORDS | frozenset(
    [
        "besoin",
        "besoins",
        "cherche",
        "cherchons",
        "recherche",
        "offre",
        "offrons",
        "propose",
        "proposons",
        "projet",
        "projets",
        "aide",
        "aider",
        "accompagnement",
        "quoi",
    ]
)
THEME, COMMUNE, WORDS = 3, 1, 2  # weights: a shared theme counts most


@cache
def _stemmer():
    return snowballstemmer.stemmer("french")


def stems(text: str) -> frozenset[str]:
    """The French stems of the meaningful words of `text`, accents folded."""
    words = [w for w in re.findall(r"[a-z0-9]+", fold(text or "")) if len(w) > 2]
    words = [w for w in words if w not in STOP_WORDS]
    return frozenset(_stemmer().stemWords(words))


@dataclass
class Match:
    offer: object
    score: int
    reasons: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return ", ".join(self.reasons)


def _profile(themes, communes, text) -> tuple[set[int], set[int], frozenset[str]]:
    return {t.pk for t in themes}, {c.pk for c in communes}, stems(text)


def need_profile(need):
    project = need.project
    if project is not None:
        return _profile(project.themes.all(), project.communes.all(), need.description)
    commune = [need.organisation.commune] if need.organisation.commune_id else []
    return _profile([], commune, need.description)


def offer_profile(offer):
    organisation = offer.organisation
    commune = [organisation.commune] if organisation.commune_id else []
    return _profile(offer.themes.all(), commune, offer.description)


def score(need_side, offer_side) -> Match | None:
    """The match of a need and an offer of the same kind, or None when they share nothing
    but their kind (a hydrogen bus and food producers are both "expertise")."""
    themes, communes, words = (a & b for a, b in zip(need_side, offer_side, strict=True))
    if not themes and not words:
        return None
    match = Match(offer=None, score=THEME * len(themes) + WORDS * min(len(words), 3))
    if themes:
        match.reasons.append(_("même thème"))
    if communes:
        match.score += COMMUNE
        match.reasons.append(_("même commune"))
    if words:
        match.reasons.append(_("mots communs"))
    return match


def matches_for(need, offers: list) -> list[Match]:
    """The offers (each with `.profile`, of any kind) meeting `need`, best first."""
    side = need_profile(need)
    found = []
    for offer in offers:
        if offer.kind != need.kind:
            continue
        match = score(side, offer.profile)
        if match is not None:
            match.offer = offer
            found.append(match)
    return sorted(found, key=lambda m: (-m.score, m.offer.organisation.name))
