from tests import factories


def test_home_page_shows_the_purpose_and_the_french_navigation(client, db):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alliance" in html
    assert "Porter et soutenir par le mouvement collectif" in html
    for label in [
        "Carte",
        "Projets",
        "Acteurs",
        "Cercles",
        "Agenda",
        "Feuille de route",
        "Idées",
        "Rechercher",
    ]:
        assert f">{label}</a>" in html


def test_home_page_counts_and_lists_the_next_meetings_in_few_queries(
    client, member, django_assert_max_num_queries
):
    for _ in range(8):
        factories.MeetingFactory()
    factories.ProjectFactory.create_batch(5)
    client.force_login(member)
    with django_assert_max_num_queries(10):
        response = client.get("/")
    assert response.context["counts"]["meetings"] == 8
    assert response.context["counts"]["projects"] == 5
    assert len(response.context["next_meetings"]) == 4


def test_a_browser_asking_for_english_still_gets_french_until_the_switch_is_used(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert ">Carte</a>" in response.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert ">Map</a>" in response.content.decode()
