from datetime import timedelta

import pytest

from circles.models import Circle
from tests import factories

pytestmark = pytest.mark.django_db


def _data(**overrides):
    data = {
        "name": "Cercle mobilités douces",
        "kind": "travail",
        "purpose": "Co-construire le plan vélo.",
        "cadence": "FREQ=MONTHLY;BYDAY=1TH",
        "meetings_per_year": "12",
        "duration_minutes": "90",
        "default_place": "Maison de la mobilité, Toulouse",
        "open_to_join": "on",
        "reminders": "168, 24",
    }
    data.update(overrides)
    return data


@pytest.fixture
def facilitator_client(client, facilitator):
    client.force_login(facilitator)
    return client


def test_a_facilitator_creates_a_circle_with_themes_facilitators_and_reminders(
    facilitator_client,
):
    theme = factories.ThemeFactory(name="Mobilités")
    person = factories.PersonFactory(first_name="Inès", last_name="Animatrice")
    response = facilitator_client.post(
        "/cercles/nouveau/", _data(themes=[theme.pk], facilitators=[person.pk]), follow=True
    )
    circle = Circle.objects.get(name="Cercle mobilités douces")
    assert response.redirect_chain[-1][0] == circle.get_absolute_url()
    assert "Le cercle est créé." in response.content.decode()
    assert circle.kind == "travail"
    assert circle.cadence == "FREQ=MONTHLY;BYDAY=1TH"
    assert circle.default_duration == timedelta(minutes=90)
    assert circle.reminder_offsets == [168, 24]
    assert circle.open_to_join is True
    assert list(circle.themes.all()) == [theme]
    assert list(circle.facilitators.all()) == [person]
    assert circle.slug


def test_the_create_page_is_linked_from_the_circle_list_for_facilitators_only(
    client, facilitator, member
):
    client.force_login(member)
    assert "/cercles/nouveau/" not in client.get("/cercles/").content.decode()
    client.force_login(facilitator)
    body = client.get("/cercles/").content.decode()
    assert 'href="/cercles/nouveau/"' in body
    assert "Nouveau cercle" in body


def test_a_facilitator_edits_a_circle_and_the_form_shows_its_current_values(
    facilitator_client, circle
):
    circle.default_duration = timedelta(hours=2)
    circle.reminder_offsets = [48]
    circle.save()
    url = f"/cercles/{circle.slug}/modifier/"
    page = facilitator_client.get(url).content.decode()
    assert 'value="120"' in page
    assert 'value="48"' in page
    response = facilitator_client.post(
        url,
        _data(name="Cercle d'animation renommé", kind="animation", reminders="", open_to_join=""),
    )
    assert response.status_code == 302
    assert response["Location"] == circle.get_absolute_url()
    circle.refresh_from_db()
    assert circle.name == "Cercle d'animation renommé"
    assert circle.slug == "cercle-animation"
    assert circle.reminder_offsets == []
    assert circle.open_to_join is False


def test_the_circle_page_links_to_the_edit_page_for_facilitators_only(client, circle, member):
    edit = f'href="/cercles/{circle.slug}/modifier/"'
    assert edit not in client.get(circle.get_absolute_url()).content.decode()
    client.force_login(member)
    assert edit not in client.get(circle.get_absolute_url()).content.decode()


def test_the_facilitator_sees_the_edit_link_on_the_circle_page(facilitator_client, circle):
    body = facilitator_client.get(circle.get_absolute_url()).content.decode()
    assert f'href="/cercles/{circle.slug}/modifier/"' in body


@pytest.mark.parametrize(
    ("cadence", "message"),
    [
        ("FREQ=SOMETIMES", "n&#x27;est pas valide (RFC 5545)"),
        ("pas une règle", "hebdomadaire, mensuelle ou annuelle"),
        ("FREQ=DAILY;INTERVAL=1", "hebdomadaire, mensuelle ou annuelle"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "aucune date dans les deux prochaines années"),
        ("FREQ=WEEKLY;UNTIL=20200101T000000Z", "aucune date dans les deux prochaines années"),
    ],
)
def test_an_invalid_cadence_is_refused_in_french_and_nothing_is_saved(
    facilitator_client, cadence, message
):
    response = facilitator_client.post("/cercles/nouveau/", _data(cadence=cadence))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Circle.objects.exists()


def test_an_invalid_cadence_leaves_an_edited_circle_unchanged(facilitator_client, circle):
    response = facilitator_client.post(
        f"/cercles/{circle.slug}/modifier/", _data(name="Autre nom", cadence="FREQ=NEVER")
    )
    assert response.status_code == 200
    circle.refresh_from_db()
    assert circle.name == "Cercle d'animation"


@pytest.mark.parametrize("reminders", ["168, abc", "-24", "0", "24,,", "1000", "1.5"])
def test_invalid_reminder_offsets_are_refused_in_french(facilitator_client, reminders):
    response = facilitator_client.post("/cercles/nouveau/", _data(reminders=reminders))
    assert response.status_code == 200
    assert "Indiquez des nombres entiers d&#x27;heures" in response.content.decode()
    assert not Circle.objects.exists()


def test_reminders_may_be_separated_by_semicolons_and_are_deduplicated(facilitator_client):
    facilitator_client.post("/cercles/nouveau/", _data(reminders="24; 168 ; 24"))
    assert Circle.objects.get().reminder_offsets == [168, 24]


def test_an_empty_cadence_is_accepted(facilitator_client):
    response = facilitator_client.post("/cercles/nouveau/", _data(cadence=""))
    assert response.status_code == 302
    assert Circle.objects.get().cadence == ""


@pytest.mark.parametrize("url", ["/cercles/nouveau/", "/cercles/cercle-animation/modifier/"])
def test_a_member_gets_403_and_a_visitor_is_sent_to_login(client, member, circle, url):
    response = client.post(url, _data())
    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]
    client.force_login(member)
    assert client.get(url).status_code == 403
    assert client.post(url, _data(name="Intrus")).status_code == 403
    assert not Circle.objects.filter(name__in=["Intrus", "Cercle mobilités douces"]).exists()
