"""A member's personal data: every kind of contribution appears in their export (JSON and
the readable page); erasing the account leaves their e-mail and names in no table."""

import json
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from actors.models import Person
from alliance.access import MEMBERS
from alliance.models import Invitation, Job, JoinRequest
from circles.models import (
    CircleProfile,
    DatePoll,
    PollAnswer,
    PollSlot,
    Registration,
    ReminderLog,
)
from ideas.models import Comment, CommentReport, Like
from network.models import Follow, Subscriber
from projects.models import Project
from projects.services import moderate
from tests import factories
from tests.roadmap.factories import MeasurementFactory

pytestmark = pytest.mark.django_db

EMAIL = "zacharie.quenouille@example.org"
FIRST, LAST = "Zacharie", "Quenouille"


@pytest.fixture
def zacharie(db):
    """A member with every kind of contribution the platform knows."""
    user = factories.UserFactory(email=EMAIL, first_name=FIRST, last_name=LAST)
    user.groups.add(Group.objects.get_or_create(name=MEMBERS)[0])
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    person = factories.PersonFactory(
        user=user, first_name=FIRST, last_name=LAST, email="z.quenouille@coop-zed.example"
    )
    person.title, person.phone, person.share_contact = "Chargé de mission", "0611223344", True
    person.save()
    organisation = factories.OrganisationFactory(name="Coopérative Zed")
    factories.RepresentationFactory(person=person, organisation=organisation, role="Gérant")
    other = factories.UserFactory(email="autre@example.org", first_name="Alix", last_name="Autre")

    circle = factories.CircleFactory(name="Cercle Énergie")
    factories.MembershipFactory(circle=circle, person=person, organisation=organisation)
    meeting = factories.MeetingFactory(circle=circle, title="Réunion de rentrée")
    Registration.objects.create(meeting=meeting, person=person, confirmed_at=timezone.now())
    # Before joining, they came to a meeting as a guest.
    Registration.objects.create(
        meeting=factories.MeetingFactory(circle=circle, title="Porte ouverte"),
        guest_name=f"{FIRST} {LAST}",
        guest_email=EMAIL,
        guest_organisation="Coopérative Zed",
        consent=True,
    )
    poll = DatePoll.objects.create(circle=circle, title="Séminaire d'hiver", created_by=user)
    start = timezone.now() + timedelta(days=20)
    slot = PollSlot.objects.create(poll=poll, start=start, end=start + timedelta(hours=2))
    PollAnswer.objects.create(slot=slot, person=person, answer=PollAnswer.Answer.YES)
    CircleProfile.objects.create(person=person, reminders=False)
    circle.facilitators.add(person)
    ReminderLog.objects.create(
        meeting=meeting,
        kind=ReminderLog.Kind.REMINDER,
        email=EMAIL,
        person=person,
        checksum="c0ffee",
        batch="b1",
        sent_at=timezone.now(),
    )

    space = factories.IdeaSpaceFactory(name="Espace mobilités")
    factories.IdeaFactory(space=space, author=person, title="Composteur", body="Un composteur")
    others_idea = factories.IdeaFactory(space=space, title="Vélo-école")
    Like.objects.create(idea=others_idea, user=user)
    kept = Comment.objects.create(idea=others_idea, author=user, body="Bravo pour la vélo-école")
    Comment.objects.create(idea=others_idea, author=other, parent=kept, body="Merci !")
    Comment.objects.create(idea=others_idea, author=user, body="Et des cours le samedi ?")
    reported = Comment.objects.create(idea=others_idea, author=other, body="Hors sujet")
    CommentReport.objects.create(comment=reported, user=user, reason="Sans rapport")

    project = factories.ProjectFactory(
        title="Broyeur partagé",
        description="Un broyeur pour les déchets verts.",
        proposed_by=user,
        referent=person,
        state=Project.State.SUBMITTED,
    )
    factories.NeedFactory(project=project, description="Un local pour le broyeur")
    factories.OfferFactory(organisation=organisation, description="Prêt d'une remorque")
    moderate(project=project, action="publish")  # mails them, their name in the text

    Follow.objects.create(user=user, theme=factories.ThemeFactory(name="Énergie"))
    Subscriber.objects.create(user=user, weekly_digest=False)
    Invitation.objects.create(email="invitee@example.org", invited_by=user, message="Rejoins")
    Invitation.objects.create(email=EMAIL, user=user, accepted_at=timezone.now())
    # Before the invitation, they asked to join; later, as a facilitator, they declined one.
    JoinRequest.objects.create(name=f"{FIRST} {LAST}", email=EMAIL.upper(), role="Gérant")
    JoinRequest.objects.create(name="Yves Autre", email="yves@example.org", decided_by=user)
    MeasurementFactory(recorded_by=user, comment="Relevé de septembre")

    AccessAttempt.objects.create(
        username=EMAIL,
        ip_address="192.0.2.1",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/compte/login/",
        get_data="",
        post_data=f"login={EMAIL}",
        failures_since_start=1,
    )
    for model in (AccessLog, AccessFailureLog):
        model.objects.create(
            username=EMAIL, ip_address="192.0.2.1", user_agent="Firefox", path_info="/"
        )
    LogEntry.objects.create(
        user=other,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(person.pk),
        object_repr=str(person),
        action_flag=CHANGE,
        change_message=f"Fiche de {FIRST} {LAST} corrigée",
    )
    return user


@pytest.fixture
def zacharie_helped(zacharie, client):
    """They answered a need with "Je peux aider": a mail job with their name and address."""
    need = factories.NeedFactory(description="Un terrain de 2 ha")
    need.project.referent = factories.PersonFactory(email="referente@example.org")
    need.project.save()
    client.force_login(zacharie)
    response = client.post(f"/besoins/{need.pk}/aider/", {"message": "Je prête un broyeur"})
    assert response.status_code == 302
    return client


# What each section of the export must show, found in the JSON and on the page.
EXPECTED = {
    "account": ("email", EMAIL),
    "email_addresses": ("email", EMAIL),
    "person": ("phone", "0611223344"),
    "representations": ("organisation", "Coopérative Zed"),
    "memberships": ("circle", "Cercle Énergie"),
    "registrations": ("meeting", "Réunion de rentrée"),
    "poll_answers": ("poll", "Séminaire d'hiver"),
    "circles_facilitated": ("circle", "Cercle Énergie"),
    "polls_created": ("title", "Séminaire d'hiver"),
    "reminders_sent": ("meeting", "Réunion de rentrée"),
    "ideas": ("body", "Un composteur"),
    "likes": ("idea", "Vélo-école"),
    "comments": ("body", "Bravo pour la vélo-école"),
    "comment_reports": ("reason", "Sans rapport"),
    "projects_proposed": ("description", "Un broyeur pour les déchets verts."),
    "projects_as_referent": ("title", "Broyeur partagé"),
    "needs": ("description", "Un local pour le broyeur"),
    "offers": ("description", "Prêt d'une remorque"),
    "help_messages": ("body", "Je prête un broyeur"),
    "emails_to_you": ("subject", "Votre projet « Broyeur partagé » est publié"),
    "follows": ("target", "Énergie"),
    "invitations_sent": ("email", "invitee@example.org"),
    "invitation_received": ("email", EMAIL),
    "join_requests": ("role", "Gérant"),
    "join_requests_decided": ("name", "Yves Autre"),
    "measurements_recorded": ("comment", "Relevé de septembre"),
}


def _contains(value, text: str) -> bool:
    records = value if isinstance(value, list) else [value]
    return any(text in str(record) for record in records)


def test_the_json_export_holds_every_kind_of_contribution(zacharie_helped):
    response = zacharie_helped.get("/compte/mes-donnees.json")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    for section, (key, text) in EXPECTED.items():
        assert _contains(data[section], text), section
        records = data[section] if isinstance(data[section], list) else [data[section]]
        assert any(text in str(record.get(key)) for record in records), (section, key)
    assert data["circle_preferences"] == {"meeting_reminders": False}
    assert data["notification_settings"]["weekly_digest"] is False
    assert data["help_messages"][0]["body"].count("Je prête un broyeur") == 1


def test_the_export_keys_are_english_throughout(zacharie_helped):
    data = json.loads(zacharie_helped.get("/compte/mes-donnees.json").content)
    french = {"compte", "personne", "prenom", "nom", "texte", "mandat", "historique"}

    def keys(value):
        if isinstance(value, dict):
            for key, item in value.items():
                yield key
                yield from keys(item)
        elif isinstance(value, list):
            for item in value:
                yield from keys(item)

    found = set(keys(data))
    assert not found & french
    assert {"first_name", "has_mandate", "body", "created_at"} <= found


def test_the_readable_page_shows_every_section_in_french(zacharie_helped):
    response = zacharie_helped.get("/compte/mes-donnees/")
    assert response.status_code == 200
    html = response.content.decode()
    for _section, (_key, text) in EXPECTED.items():
        escaped = text.replace("'", "&#x27;")
        assert escaped in html, text
    for title in ["Mes commentaires", "Mes « j&#x27;aime »", "Mes abonnements"]:
        assert title in html
    assert 'href="/compte/mes-donnees.json"' in html


def test_the_export_holds_nothing_of_another_member(zacharie, client_as, member):
    data = json.loads(client_as("member").get("/compte/mes-donnees.json").content)
    assert EMAIL not in json.dumps(data)
    assert "Broyeur" not in json.dumps(data)


def test_the_export_answers_in_few_queries(
    zacharie, zacharie_helped, django_assert_max_num_queries
):
    """One query per section, whatever the number of rows in each."""
    person = zacharie.person
    for _ in range(10):
        idea = factories.IdeaFactory(author=person)
        Like.objects.create(idea=idea, user=zacharie)
        Comment.objects.create(idea=idea, author=zacharie, body="Encore")
        Registration.objects.create(meeting=factories.MeetingFactory(), person=person)
        factories.MembershipFactory(person=person)
        Follow.objects.create(user=zacharie, project=factories.ProjectFactory())
    with django_assert_max_num_queries(35):
        response = zacharie_helped.get("/compte/mes-donnees.json")
    assert len(json.loads(response.content)["comments"]) == 12
    with django_assert_max_num_queries(35):
        zacharie_helped.get("/compte/mes-donnees/")


def _text_fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
    ]


def _tables_holding(needles: list[str]) -> list[str]:
    """Every model of every app (historical and through models too), every text or JSON
    column: where any needle is found."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in _text_fields(model):
            for needle in needles:
                rows = model._base_manager.filter(**{f"{field.name}__icontains": needle})
                if rows.exists():
                    found.append(f"{model._meta.label}.{field.name} ∋ {needle}")
    return found


def test_the_search_sees_the_member_before_erasure(zacharie_helped):
    found = _tables_holding([EMAIL, FIRST, LAST])
    for where in [
        "alliance.User.email",
        "actors.HistoricalPerson.first_name",
        "alliance.Job.kwargs",
        "axes.AccessAttempt.username",
        "axes.AccessLog.username",
        "axes.AccessFailureLog.username",
        "admin.LogEntry.object_repr",
        "circles.Registration.guest_email",
        "circles.ReminderLog.email",
        "alliance.Invitation.email",
        "alliance.JoinRequest.email",
        "account.EmailAddress.email",
    ]:
        assert any(hit.startswith(where) for hit in found), where


def test_erasure_leaves_the_email_and_names_in_no_table(zacharie_helped):
    response = zacharie_helped.post("/compte/effacement/", {"confirm": "on"})
    assert response.status_code == 302
    assert _tables_holding([EMAIL, "z.quenouille@coop-zed.example", FIRST, LAST]) == []


def test_erasure_removes_comments_unless_kept(zacharie_helped):
    zacharie_helped.post("/compte/effacement/", {"confirm": "on"})
    bodies = set(Comment.objects.values_list("body", flat=True))
    assert "Et des cours le samedi ?" not in bodies
    # Answered by someone else: its place in the thread stays, without its text.
    assert "Bravo pour la vélo-école" not in bodies
    assert "Commentaire retiré par son auteur." in bodies
    assert "Merci !" in bodies
    assert not CommentReport.objects.exists()


def test_comments_kept_at_erasure_are_signed_former_member(zacharie_helped, client):
    zacharie_helped.post("/compte/effacement/", {"confirm": "on", "keep_comments": "on"})
    comment = Comment.objects.get(body="Et des cours le samedi ?")
    assert comment.author is None
    html = client.get(comment.idea.get_absolute_url()).content.decode()
    assert "Et des cours le samedi ?" in html
    assert "ancien membre" in html


def test_erasure_keeps_contributions_and_closes_the_account(zacharie_helped, zacharie):
    person = zacharie.person
    zacharie_helped.post("/compte/effacement/", {"confirm": "on"})
    zacharie.refresh_from_db()
    person.refresh_from_db()
    assert not zacharie.is_active
    assert str(person) == "ancien membre"
    assert person.ideas.filter(title="Composteur").exists()
    assert person.registrations.exists() and person.memberships.exists()
    assert not Follow.objects.filter(user=zacharie).exists()
    assert not Job.objects.filter(kwargs__icontains=EMAIL).exists()
    assert zacharie_helped.get("/compte/mes-donnees/").status_code == 302


# Every relation from any model to the account or the person: exported in the section
# named, or left out of the export for the reason given.
EXPORTED = {
    "account.EmailAddress.user": "email_addresses",
    "alliance.User_groups.user": "account",
    "alliance.Invitation.invited_by": "invitations_sent",
    "alliance.Invitation.user": "invitation_received",
    "alliance.JoinRequest.decided_by": "join_requests_decided",
    "actors.Person.user": "person",
    "actors.HistoricalPerson.user": "history",
    "actors.Representation.person": "representations",
    "actors.RepresentationRequest.person": "representation_requests",
    "projects.Project.referent": "projects_as_referent",
    "projects.Project.proposed_by": "projects_proposed",
    "circles.Circle_facilitators.person": "circles_facilitated",
    "circles.Circle.facilitators": "circles_facilitated",
    "circles.Membership.person": "memberships",
    "circles.Registration.person": "registrations",
    "circles.ReminderLog.person": "reminders_sent",
    "circles.CircleProfile.person": "circle_preferences",
    "circles.DatePoll.created_by": "polls_created",
    "circles.PollAnswer.person": "poll_answers",
    "roadmap.Measurement.recorded_by": "measurements_recorded",
    "ideas.Idea.author": "ideas",
    "ideas.Like.user": "likes",
    "ideas.Comment.author": "comments",
    "ideas.CommentReport.user": "comment_reports",
    "ideas.ImportBatch.created_by": "idea_imports",
    "network.Follow.user": "follows",
    "network.Subscriber.user": "notification_settings",
}
LEFT_OUT = {
    "admin.LogEntry.user": "what an administrator did in the admin",
    "alliance.User_user_permissions.user": "permissions come with the roles exported",
    "history_user": "who changed another record; their own record's history is exported",
    "projects.HistoricalProject.referent": "past versions of a project exported as it is",
    "projects.HistoricalProject.proposed_by": "past versions of a project exported as it is",
    "roadmap.HistoricalMeasurement.recorded_by": "past versions of a measurement exported",
    "ideas.HeaderMapping.updated_by": "a facilitator's column choices for a space's imports",
    "circles.HistoricalMembership.person": "past versions of a membership; the current ones are exported",
    "ideas.IdeaMerge.merged_by": "a facilitator's curation of a space, kept to undo a merge",
    "ideas.IdeaMerge.undone_by": "a facilitator's curation of a space, kept to undo a merge",
    "actors.RepresentationRequest.decided_by": "a facilitator's answer to another member",
}


def test_every_relation_to_the_account_is_exported_or_left_out_for_a_reason(zacharie_helped):
    from alliance.models import User

    data = json.loads(zacharie_helped.get("/compte/mes-donnees.json").content)
    unknown = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if not (field.is_relation and field.concrete) or field.related_model not in (
                User,
                Person,
            ):
                continue
            where = f"{model._meta.label}.{field.name}"
            if where in EXPORTED:
                assert EXPORTED[where] in data, where
            elif where not in LEFT_OUT and field.name not in LEFT_OUT:
                unknown.append(where)
    assert not unknown, f"say how the export covers: {unknown}"


def test_an_account_without_a_person_exports_the_same_sections(client_as, member):
    logged = client_as("member")  # logging in makes the person (actors.apps): drop it after
    Person.objects.filter(user=member).delete()
    data = json.loads(logged.get("/compte/mes-donnees.json").content)
    assert data["person"] is None
    assert data["memberships"] == [] and data["comments"] == []
    assert set(EXPECTED) <= set(data)
