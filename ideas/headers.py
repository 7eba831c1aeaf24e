"""Column headers and status labels of idea-tool exports, understood by their words.

No export format is documented (Colidée, Decidim, a Google Form...), so a header is not
looked up in a list of aliases: it is folded (case, accents, inclusive-writing marks),
cut into words (filler words dropped, abbreviations expanded), and each column is
scored against each field by the words it carries. The best pairs win; close seconds
are reported as ambiguities, unmatched columns as unknown, so the facilitator decides.

    words("Nbre de j'aime")             -> ["nombre", "jaime"]
    recognise(["Titre", "Texte", "x"])  -> Recognition(fields={"title": 0, "body": 1}, ...)
"""

import hashlib
import re
from dataclasses import dataclass, field

from alliance.text import fold

FIELDS = (
    "source_id",
    "title",
    "body",
    "author",
    "theme",
    "likes",
    "comments",
    "created_at",
    "status",
    "space",
)
LABELS = {
    "source_id": "identifiant",
    "title": "titre",
    "body": "description",
    "author": "auteur",
    "theme": "thème",
    "likes": "j'aime",
    "comments": "commentaires",
    "created_at": "date",
    "status": "statut",
    "space": "espace",
}
THRESHOLD = 3  # the least score that makes a column a candidate for a field
COUNTED = ("likes", "comments")
MAX_HEADER = 200

# Phrases rewritten before the text is cut into words.
_PHRASES = [
    (r"\bj\s*'?\s*aime\b", " jaime "),
    (r"\bn\s*°", " numero "),
    (r"\bno\.", " numero "),
    (r"\bnum\.?(?=\s|$)", " numero "),
    (r"\bnbr?e?\b\.?", " nombre "),
    (r"\bqte\b\.?", " quantite "),
    (r"\be\s*-\s*mail\b", " email "),
    (r"\bmise?\s+a\s+jour\b", " maj "),
    (r"\bup\s*dated?\b", " maj "),
    (r"^\s*no\s*$", " numero "),
]
# Inclusive writing: auteur·rice, auteur.e, proposé(e), contributeur-rice, créé·e·s.
_INCLUSIVE = re.compile(
    r"(?<=[a-z])(?:[·•⋅.\-/(]\s*(?:e|es|rice|rices|trice|trices|euse|s)\)?)+(?![a-z])"
)
FILLERS = {
    "de", "du", "d", "l", "la", "le", "les", "des", "un", "une", "en", "au", "aux", "et",
    "the", "of", "a", "an", "at", "on", "by", "par", "in", "to", "for", "pour", "sur",
    "votre", "vos", "ton", "ta", "your", "son", "sa", "ses", "ce", "cette", "s",
    "fr", "en_", "ca", "es", "name_fr",
}  # fmt: skip
# Words that say "this column counts something": a count is never a text field.
COUNT_WORDS = {"nombre", "count", "total", "number", "quantite", "compteur", "combien", "nb"}
# Words that make a column none of ours, whatever else it says (contact details, links,
# coordinates, attachments): never imported into a public field.
FOREIGN_WORDS = {
    "email", "courriel", "mail", "telephone", "phone", "tel", "mobile", "adresse",
    "address", "url", "lien", "link", "latitude", "longitude", "lat", "lng", "lon",
    "fichier", "file", "attachment", "piece", "jointe", "original", "related", "parent",
    "follower", "abonne", "ip", "maj", "modification", "modifie", "modified", "edited",
    "derniere", "last", "reponse", "answer", "answered", "password", "nickname", "pseudo",
    "facilitateur", "moderateur", "moderation", "interne", "internal", "note", "admin",
}  # fmt: skip

# Each field's words and their weight (stems: plural endings are removed before lookup).
VOCABULARY = {
    "source_id": {
        "id": 5, "identifiant": 5, "identifier": 5, "uid": 5, "uuid": 5, "ref": 4,
        "reference": 4, "numero": 4, "code": 3, "cle": 2, "key": 2,
    },
    "title": {
        "titre": 5, "title": 5, "intitule": 5, "sujet": 4, "subject": 4, "heading": 4,
        "objet": 3, "idee": 3, "idea": 3, "proposition": 3, "proposal": 3, "nom": 1,
        "name": 1, "resume": 1, "court": 1, "short": 1,
    },
    "body": {
        "description": 5, "descriptif": 5, "texte": 5, "text": 5, "contenu": 5,
        "content": 5, "body": 5, "corp": 4, "detail": 4, "message": 4, "explication": 4,
        "decrivez": 4, "decrire": 4, "describe": 4, "argumentaire": 4, "expose": 3,
        "summary": 3, "resume": 3, "developpement": 3, "precision": 3, "long": 1,
    },
    "author": {
        "auteur": 5, "author": 5, "autrice": 5, "contributeur": 5, "contributor": 5,
        "propose": 4, "proposed": 4, "poste": 3, "posted": 3, "soumi": 3,
        "submitted": 3, "depose": 3, "participant": 4, "utilisateur": 4, "user": 4,
        "createur": 4, "creator": 4, "porteur": 4, "redacteur": 4, "writer": 4,
        "nom": 3, "name": 3, "prenom": 3, "signataire": 4, "membre": 3, "member": 3,
    },
    "theme": {
        "theme": 5, "thematique": 5, "categorie": 5, "category": 5, "topic": 5,
        "tag": 4, "etiquette": 4, "rubrique": 4, "domaine": 4, "axe": 4, "scope": 3,
        "secteur": 3, "famille": 3,
    },
    "likes": {
        "jaime": 5, "like": 5, "vote": 5, "votant": 4, "soutien": 5, "support": 5,
        "upvote": 5, "endorsement": 3, "adhesion": 4, "appui": 4, "applaudissement": 4,
        "coeur": 4, "heart": 4, "plebiscite": 4, "popularite": 3, "score": 2, "point": 2,
    },
    "comments": {
        "commentaire": 5, "comment": 5, "reaction": 4, "contribution": 2,
        "discussion": 3, "echange": 3, "avis": 3, "message": 1,
    },
    "created_at": {
        "date": 4, "cree": 4, "creee": 4, "created": 5, "creation": 5, "publication": 5,
        "publie": 4, "publiee": 4, "published": 5, "horodateur": 5, "timestamp": 5,
        "horodatage": 5, "depot": 4, "soumission": 4, "submission": 4, "jour": 2,
        "heure": 2, "time": 2, "when": 2, "quand": 2,
    },
    "status": {
        "statut": 5, "status": 5, "etat": 5, "state": 5, "avancement": 4,
        "decision": 3, "progress": 3, "suite": 2, "phase": 3, "etape": 3,
    },
    "space": {
        "espace": 5, "space": 5, "concertation": 3, "consultation": 3, "processus": 3,
        "process": 3, "campagne": 3, "campaign": 3, "participatory": 2, "demarche": 3,
        "atelier": 3, "workshop": 3, "assemblee": 3,
    },
}  # fmt: skip


def _stem(word: str) -> str:
    if len(word) >= 5 and word.endswith("ee"):
        word = word[:-1]  # proposée -> propose, créée -> cree
    if len(word) > 3 and word[-1] in "sx" and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(label) -> list[str]:
    """A header as the words that carry its meaning, folded and stemmed."""
    text = fold(str(label or "")).replace("_", " ")
    text = _INCLUSIVE.sub("", text)
    text = re.sub(r"[’`´]", "'", text)
    for pattern, replacement in _PHRASES:
        text = re.sub(pattern, replacement, text)
    tokens = re.findall(r"[a-z0-9]+", text)
    return [_stem(t) for t in tokens if t not in FILLERS and not t.isdigit()]


def key(label) -> str:
    """Two headers with the same words are the same column ('Nb. likes' = 'nb likes')."""
    return " ".join(words(label))


def score(label) -> dict[str, int]:
    """The score of one header against every field (only the positive ones)."""
    if len(str(label or "")) > MAX_HEADER:
        return {}  # a paragraph, not a column name
    tokens = words(label)
    if not tokens or any(t in FOREIGN_WORDS for t in tokens):
        return {}
    counting = any(t in COUNT_WORDS for t in tokens)
    scores = {}
    for name, vocabulary in VOCABULARY.items():
        points = sum(vocabulary.get(t, 0) for t in tokens)
        if not points:
            continue
        if counting:
            points += 1 if name in COUNTED else -6
        if name != "source_id" and ("id" in tokens or "identifiant" in tokens):
            points -= 4  # 'category/id' identifies a category: it is no category name
        # A long header spends its words on something else: its matches weigh less.
        unknown = sum(1 for t in tokens if t not in vocabulary and t not in COUNT_WORDS)
        points -= unknown
        if points >= THRESHOLD:
            scores[name] = points
    return scores


@dataclass
class Recognition:
    headers: list[str]
    fields: dict[str, int] = field(default_factory=dict)  # field -> column index
    ambiguities: list[dict] = field(default_factory=list)  # {field, chosen, others}
    unknown: list[int] = field(default_factory=list)  # non-empty columns left unassigned
    chosen_by_hand: set[int] = field(default_factory=set)

    def field_of(self, index: int) -> str:
        return next((name for name, i in self.fields.items() if i == index), "")


def recognise(headers: list[str], overrides: dict[int, str] | None = None) -> Recognition:
    """Assigns columns to fields: the facilitator's choices first (a field, or "" for
    nothing), then the best-scoring pairs; a column or a field is used once."""
    result = Recognition(headers=headers)
    overrides = {i: name for i, name in (overrides or {}).items() if 0 <= i < len(headers)}
    for index, name in overrides.items():
        result.chosen_by_hand.add(index)
        if name in VOCABULARY and name not in result.fields:
            result.fields[name] = index
    pairs = sorted(
        (
            (points, -index, name)
            for index, header in enumerate(headers)
            if index not in overrides
            for name, points in score(header).items()
        ),
        reverse=True,
    )
    candidates: dict[str, list[int]] = {}
    for _points, negative_index, name in pairs:
        index = -negative_index
        candidates.setdefault(name, []).append(index)
        if name in result.fields or index in result.fields.values():
            continue
        result.fields[name] = index
    for name, indexes in candidates.items():
        chosen = result.fields.get(name)
        others = [i for i in indexes if i != chosen and i not in result.fields.values()]
        if others and chosen not in result.chosen_by_hand:
            result.ambiguities.append({"field": name, "chosen": chosen, "others": sorted(others)})
    used = set(result.fields.values())
    result.unknown = [
        i
        for i, header in enumerate(headers)
        if i not in used and i not in result.chosen_by_hand and str(header or "").strip()
    ]
    return result


def signature(headers: list[str]) -> str:
    """Identifies a file's columns, for remembering the facilitator's choices."""
    raw = "\x1f".join(key(h) or fold(str(h or "")) for h in headers)
    return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()


# --- Status labels ----------------------------------------------------------

_STATUSES = {
    "nouvelle": [
        "nouvelle", "nouveau", "new", "ouverte", "ouvert", "open", "en attente", "pending",
        "soumise", "submitted", "publiee", "publie", "published", "en ligne", "online",
        "brouillon", "draft", "evaluating", "a traiter", "recue", "received", "active",
    ],
    "retenue": [
        "retenue", "retenu", "retained", "kept", "selected", "selectionnee", "acceptee",
        "accepte", "accepted", "validee", "valide", "validated", "approved", "approuvee",
        "laureate", "laureat", "winner", "gagnante", "adoptee", "adopted",
    ],
    "etude": [
        "a l'etude", "en etude", "etude", "en cours d'etude", "under study", "in review",
        "under review", "study", "en cours", "in progress", "en instruction", "instruction",
        "en analyse", "analyse", "en examen", "evaluation", "en evaluation",
    ],
    "projet": [
        "transformee en projet", "transforme en projet", "projet", "project",
        "turned into a project", "realisee", "realise", "realised", "realized", "done",
        "faite", "fait", "terminee", "termine", "completed", "implemented", "mise en oeuvre",
    ],
    "ecartee": [
        "ecartee", "ecarte", "non retenue", "non retenu", "refusee", "refuse", "refused",
        "rejetee", "rejete", "rejected", "discarded", "declined", "not retained",
        "archivee", "archive", "archived", "withdrawn", "retiree", "closed", "fermee",
        "abandonnee", "abandoned", "irrecevable", "inadmissible",
    ],
}  # fmt: skip


def _status_key(text: str) -> str:
    folded = _INCLUSIVE.sub("", fold(text))
    return " ".join(re.findall(r"[a-z0-9]+", folded.replace("'", " ")))


STATUSES = {_status_key(label): value for value, labels in _STATUSES.items() for label in labels}


def parse_status(text: str) -> str | None:
    """Our status for a source's label, or None when the label is not in the table."""
    return STATUSES.get(_status_key(text))
