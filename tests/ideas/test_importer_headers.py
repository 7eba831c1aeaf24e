"""Headers understood by their meaning: real exports' columns (Colidée, Decidim, Google
Forms, hand-made sheets), decorated at random, land on the right field; statuses map
through the table; unknown ones are kept."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ideas import headers
from ideas.headers import parse_status, recognise, score, words
from ideas.importer import parse

PROFILE = settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

# Ways real tools and people write each field's column.
VARIANTS = {
    "source_id": [
        "Identifiant", "ID", "Id idée", "Identifiant de l'idée", "Idea ID", "N°", "No.",
        "Numéro", "Référence", "Ref", "uuid", "Identifier", "N° de l'idée",
    ],
    "title": [
        "Titre", "Title", "Titre de l'idée", "Idea title", "Intitulé", "Idée", "Idea",
        "Sujet", "Titre de votre idée", "Subject", "Titre de la proposition", "Proposal title",
    ],
    "body": [
        "Description", "Texte", "Text", "Content", "Contenu", "Description of the idea",
        "Description de l'idée", "Body", "Détail", "Décrivez votre idée", "Message",
        "Texte de l'idée", "Description détaillée", "Contenu de la proposition",
    ],
    "author": [
        "Auteur", "Author", "Auteur·rice", "Auteur.e", "Auteur(e)", "Contributeur-rice",
        "Contributeur·trice", "Proposée par", "Proposé(e) par", "Proposed by", "Posted by",
        "Nom de l'auteur", "Author name", "Participant", "Porteur de l'idée", "Submitted by",
        "Créateur", "Utilisateur", "Votre nom",
    ],
    "theme": [
        "Thème", "Thèmes", "Thématique", "Catégorie", "Category", "Theme", "Topic", "Tags",
        "Thématique concernée", "Catégories", "Rubrique", "Domaine",
    ],
    "likes": [
        "J'aime", "Nombre de j'aime", "Nb j'aime", "Nbre de j'aime", "Likes", "Votes",
        "Nombre de votes", "Nb votes", "Soutiens", "Nombre de soutiens", "Qté de soutiens",
        "Like count", "Number of likes", "Supports", "Upvotes", "J’aime",
    ],
    "comments": [
        "Commentaires", "Comments", "Nombre de commentaires", "Nb commentaires",
        "Nbre de commentaires", "Comment count", "Number of comments", "Réactions",
    ],
    "created_at": [
        "Date", "Créée le", "Créé le", "Créé·e le", "Date de création", "Created",
        "Created at", "Creation date", "Date de publication", "Publiée le", "Published at",
        "Horodateur", "Timestamp", "Date de dépôt", "Submission date",
    ],
    "status": ["Statut", "État", "Status", "State", "Statut de l'idée", "Avancement"],
    "space": ["Espace", "Space", "Espace de concertation", "Consultation", "Campagne"],
}  # fmt: skip
NOT_OURS = [
    "Adresse e-mail", "Email Address", "E-mail de l'auteur", "Téléphone", "Courriel",
    "URL", "Lien", "Latitude", "Longitude", "Date de mise à jour", "Updated at",
    "Dernière modification", "Réponse du facilitateur", "Answer", "Pièce jointe",
    "Commentaire du modérateur", "author/nickname", "original_proposal/title", "followers",
    "Adresse IP", "",
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "header"), [(name, h) for name, hs in VARIANTS.items() for h in hs]
)
def test_each_real_header_variant_scores_best_for_its_field(name, header):
    scores = score(header)
    assert scores, header
    assert max(scores, key=scores.get) == name, (header, scores)


@pytest.mark.parametrize("header", NOT_OURS)
def test_contact_details_links_and_other_peoples_fields_are_never_ours(header):
    assert recognise([header, "Titre"]).fields == {"title": 1}


@st.composite
def decorated(draw, header: str) -> str:
    """The same header as another tool or person would type it."""
    text = draw(st.sampled_from([header, header.upper(), header.lower(), header.title()]))
    if draw(st.booleans()):
        text = draw(st.sampled_from(["_", " ", "  "])).join(text.split(" "))
    if draw(st.booleans()):
        text = text.translate(str.maketrans("éèêàçôÉ", "eeeacoE"))  # accents lost
    prefix = draw(st.sampled_from(["", " ", '"', "* "]))
    suffix = draw(st.sampled_from(["", " :", ":", " *", " (*)", "?", " ", " (fr)", "/fr"]))
    return prefix + text + suffix


def variant_pairs():
    return st.sampled_from([(name, h) for name, hs in VARIANTS.items() for h in hs])


@PROFILE
@given(st.data())
def test_a_decorated_variant_still_lands_on_its_field(data):
    name, header = data.draw(variant_pairs())
    text = data.draw(decorated(header))
    scores = score(text)
    assert scores and max(scores, key=scores.get) == name, (text, scores)


@PROFILE
@given(st.data())
def test_a_whole_export_is_recognised_whatever_the_column_order(data):
    chosen = {name: data.draw(st.sampled_from(hs)) for name, hs in VARIANTS.items()}
    extra = data.draw(st.lists(st.sampled_from(NOT_OURS[:-1]), max_size=3, unique=True))
    columns = [data.draw(decorated(h)) for h in chosen.values()] + extra
    order = data.draw(st.permutations(range(len(columns))))
    shuffled = [columns[i] for i in order]
    found = recognise(shuffled).fields
    assert {name: shuffled[i] for name, i in found.items()} == {
        name: columns[k] for k, name in enumerate(chosen)
    }
    assert len(set(found.values())) == len(found)


@PROFILE
@given(
    st.lists(st.text(max_size=40), max_size=30),
    st.dictionaries(st.integers(0, 35), st.sampled_from([*headers.FIELDS, ""]), max_size=5),
)
def test_any_headers_and_choices_give_one_column_per_field_and_keep_the_choices(cells, hand):
    result = recognise(cells, hand)
    assert len(set(result.fields.values())) == len(result.fields)
    for index, name in hand.items():
        if index < len(cells) and name and list(hand.values()).count(name) == 1:
            assert result.fields[name] == index
        if index < len(cells) and not name:
            assert index not in result.fields.values()
    for name, index in result.fields.items():
        assert index in hand or score(cells[index]).get(name, 0) >= headers.THRESHOLD
    assert not set(result.unknown) & set(result.fields.values())


@PROFILE
@given(st.sampled_from([h for hs in VARIANTS.values() for h in hs]))
def test_the_key_ignores_case_accents_and_punctuation(header):
    assert headers.key(header) == headers.key(f" {header.upper()} :")
    assert headers.signature([header, "x"]) == headers.signature([header.lower() + "*", "X"])


def test_inclusive_writing_abbreviations_and_fillers_are_folded():
    assert words("Contributeur·rice·s") == ["contributeur"]
    assert words("Créé(e) le") == ["cree"]
    assert words("Nbre de j'aime") == ["nombre", "jaime"]
    assert words("N° de l'idée") == ["numero", "idee"]
    assert words("Qté") == ["quantite"]
    assert words("the number of the likes") == ["number", "like"]


EXPORTS = {
    "colidee": (
        ["Identifiant", "Titre", "Description", "Proposée par", "Catégorie",
         "Nombre de j'aime", "Nombre de commentaires", "Date de création", "État",
         "Espace de concertation"],
        {"source_id": 0, "title": 1, "body": 2, "author": 3, "theme": 4, "likes": 5,
         "comments": 6, "created_at": 7, "status": 8, "space": 9},
    ),
    "decidim": (
        ["id", "category/id", "category/name/fr", "scope/id", "scope/name/fr",
         "participatory_space/id", "component/id", "title/fr", "body/fr", "address",
         "latitude", "longitude", "state", "reference", "answer/fr", "supports",
         "endorsements/total_count", "comments", "attachments", "followers", "published_at",
         "url", "meeting_urls", "related_proposals", "is_amend", "original_proposal/title",
         "original_proposal/url", "author/name", "author/nickname"],
        {"source_id": 0, "theme": 2, "title": 7, "body": 8, "status": 12, "likes": 15,
         "comments": 17, "created_at": 20, "author": 27},
    ),
    "google_forms": (
        ["Horodateur", "Adresse e-mail", "Votre nom", "Titre de votre idée",
         "Décrivez votre idée", "Thématique concernée", "Téléphone (facultatif)"],
        {"created_at": 0, "author": 2, "title": 3, "body": 4, "theme": 5},
    ),
    "english_sheet": (
        ["Idea ID", "Idea title", "Description of the idea", "Posted by", "Topic",
         "Votes", "Number of comments", "Created at", "Status", "Last updated"],
        {"source_id": 0, "title": 1, "body": 2, "author": 3, "theme": 4, "likes": 5,
         "comments": 6, "created_at": 7, "status": 8},
    ),
}  # fmt: skip


@pytest.mark.parametrize("tool", EXPORTS)
def test_real_shaped_exports_are_recognised(tool):
    columns, expected = EXPORTS[tool]
    assert recognise(columns).fields == expected


def test_two_columns_for_one_field_are_an_ambiguity_not_a_silent_choice():
    result = recognise(["Titre", "Votes", "Likes", "Note interne"])
    assert result.fields == {"title": 0, "likes": 1}
    assert result.ambiguities == [{"field": "likes", "chosen": 1, "others": [2]}]
    assert result.unknown == [2, 3]


def test_the_reader_uses_the_facilitators_choice_for_an_unknown_column():
    data = "Titre;Bla bla\nVélo;Apprendre\n".encode()
    parsed = parse(data, "x.csv")
    assert parsed.ignored_columns == ["Bla bla"]
    parsed.assign({1: "body"})
    (row,) = parsed.rows()
    assert (row.title, row.body) == ("Vélo", "Apprendre")


# --- Statuses -----------------------------------------------------------------

STATUS_WORDS = {
    "nouvelle": ["Published", "Online", "Publiée", "En ligne", "Nouvelle", "Open"],
    "retenue": ["Validated", "Retained", "Retenue", "Validée", "Accepted", "Sélectionnée"],
    "etude": ["Under study", "In progress", "À l'étude", "En cours", "A l'etude", "Evaluation"],
    "ecartee": ["Refused", "Rejected", "Refusée", "Rejetée", "Archived", "Archivée"],
    "projet": ["Done", "Realised", "Realized", "Réalisée", "Transformée en projet"],
}


@pytest.mark.parametrize(
    ("ours", "label"), [(ours, label) for ours, labels in STATUS_WORDS.items() for label in labels]
)
def test_usual_status_words_map_to_ours(ours, label):
    assert parse_status(label) == ours
    assert parse_status(f"  {label.upper()} ") == ours


@PROFILE
@given(st.text(max_size=30))
def test_a_status_is_ours_or_none_never_a_guess(text):
    assert parse_status(text) in {None, "nouvelle", "retenue", "etude", "projet", "ecartee"}
