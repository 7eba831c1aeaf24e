from datetime import timedelta

import pytest
from django.utils import timezone

from circles.models import Meeting, Membership, Registration
from tests import factories

pytestmark = pytest.mark.django_db


def _meetings(circle, n, *, days=1):
    start = timezone.now() + timedelta(days=days)
    Meeting.objects.bulk_create(
        [
            Meeting(
                circle=circle,
                title=f"Séance {i}",
                start=start + timedelta(days=i),
                end=start + timedelta(days=i, hours=2),
                minutes="Compte rendu **publié**." if days < 0 else "",
            )
            for i in range(n)
        ]
    )


def test_the_list_shows_each_circle_with_its_next_meeting(client, circle, meeting):
    factories.MeetingFactory(
        circle=circle, title="Plus tard", start=meeting.start + timedelta(days=30)
    )
    response = client.get("/cercles/")
    body = response.content.decode()
    assert "Cercle d&#x27;animation" in body
    assert "Coordination des projets" in body
    assert "Plus tard" not in body


def test_visitors_see_members_without_contacts_and_members_see_shared_ones(
    client, client_as, circle
):
    person = factories.PersonFactory(
        first_name="Inès",
        last_name="Partage",
        email="ines@example.org",
        phone="0561000000",
        share_contact=True,
    )
    Membership.objects.create(circle=circle, person=person)
    hidden = factories.PersonFactory(email="secret@example.org", share_contact=False)
    Membership.objects.create(circle=circle, person=hidden)

    public = client.get(circle.get_absolute_url()).content.decode()
    assert "Inès Partage" in public
    assert "ines@example.org" not in public and "0561000000" not in public

    private = client_as("member").get(circle.get_absolute_url()).content.decode()
    assert "ines@example.org" in private and "0561000000" in private
    assert "secret@example.org" not in private


def test_the_circle_page_shows_past_meetings_with_minutes(client, circle):
    _meetings(circle, 2, days=-10)
    body = client.get(circle.get_absolute_url()).content.decode()
    assert "<strong>publié</strong>" in body


@pytest.mark.parametrize("n", [5, 100])
def test_the_circle_page_runs_the_same_queries_at_any_size(
    client, circle, n, django_assert_num_queries
):
    for _i in range(3):
        Membership.objects.create(circle=circle, person=factories.PersonFactory())
    _meetings(circle, n)
    _meetings(circle, n, days=-n - 5)
    with django_assert_num_queries(6):  # one of them for the facilitators shown
        response = client.get(circle.get_absolute_url())
    assert response.content.decode().count('class="meeting-row') == min(n, 50)


@pytest.mark.parametrize("n", [5, 100])
def test_the_agenda_runs_the_same_queries_at_any_size(client, circle, n, django_assert_num_queries):
    _meetings(circle, n)
    with django_assert_num_queries(4):
        response = client.get("/agenda/")
    assert response.status_code == 200
    assert "month-grid" in response.content.decode()


def test_the_agenda_filters_by_circle_and_theme(client, circle):
    theme = factories.ThemeFactory(name="Énergie", slug="energie")
    other = factories.CircleFactory(name="Groupe énergie")
    other.themes.add(theme)
    factories.MeetingFactory(circle=circle, title="Gouvernance")
    factories.MeetingFactory(circle=other, title="Réseaux de chaleur")

    by_theme = client.get("/agenda/", {"theme": theme.pk}).content.decode()
    assert "Réseaux de chaleur" in by_theme and "Gouvernance" not in by_theme
    by_circle = client.get("/agenda/", {"circle": circle.pk}).content.decode()
    assert "Gouvernance" in by_circle and "Réseaux de chaleur" not in by_circle


def test_the_agenda_answers_htmx_with_its_body_only(client, circle, meeting):
    response = client.get("/agenda/", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="agenda-body">')
    assert "<html" not in body


def test_the_agenda_month_grid_places_a_meeting_on_its_day(client, circle):
    start = timezone.make_aware(timezone.datetime(2027, 3, 9, 14, 0))
    factories.MeetingFactory(
        circle=circle, title="Mardi de mars", start=start, end=start + timedelta(hours=2)
    )
    body = client.get("/agenda/", {"mois": "2027-03"}).content.decode()
    assert "Mars 2027" in body or "mars 2027" in body.lower()
    assert "14:00 Mardi de mars" in body


def test_the_meeting_page_sanitises_the_agenda_and_shows_a_map(client, circle):
    commune = factories.CommuneFactory(name="Blagnac", latitude=43.63, longitude=1.39)
    meeting = factories.MeetingFactory(
        circle=circle, commune=commune, agenda="# Point\n<script>alert(1)</script>\n- **un**"
    )
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert "<script>alert" not in body
    assert "<strong>un</strong>" in body
    assert 'id="meeting-map"' in body and 'data-lat="43.630000"' in body
    assert "js/map.js" in body


def test_a_member_registers_through_htmx_and_gets_the_fragment(client_as, member, meeting):
    response = client_as("member").post(
        f"/cercles/reunions/{meeting.pk}/inscription/",
        {"answer": "oui"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="registration"')
    assert "Je viens" in body
    registration = Registration.objects.get(meeting=meeting, person=member.person)
    assert registration.answer == "oui" and registration.confirmed_at


def test_visitors_do_not_see_the_video_link(client, client_as, circle):
    meeting = factories.MeetingFactory(circle=circle, video_url="https://visio.example.org/abc")
    assert "visio.example.org" not in client.get(meeting.get_absolute_url()).content.decode()
    assert (
        "visio.example.org" in client_as("member").get(meeting.get_absolute_url()).content.decode()
    )


def test_the_meeting_page_links_the_roadmap_milestone_it_serves(client, meeting):
    milestone = factories.MilestoneFactory(title="Feuille de route consolidée", meeting=meeting)
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert "Feuille de route consolidée" in body
    assert milestone.get_absolute_url() in body
