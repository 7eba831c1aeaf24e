"""The facilitator's meetings, in a real browser and axe-clean: a series whose preview
marks a date near a meeting the circle already has (skipped unless kept), and a meeting
cancelled, edited (it stays cancelled), then reinstated with its notice."""

import re
from datetime import date, datetime, time, timedelta

import pytest
from django.core import mail

from circles.calendars import PARIS
from circles.models import Circle, Meeting, Membership
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def _circle():
    return Circle.objects.create(
        name="Cercle d'animation",
        kind="animation",
        cadence="FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;BYHOUR=9",
        default_place="Hôtel de Région",
    )


def test_the_facilitator_schedules_a_series_with_a_clash(page, visit, login, facilitator):
    circle = _circle()
    start = datetime.combine(date(2027, 3, 11), time(10), PARIS)
    Meeting.objects.create(
        circle=circle, title="Séminaire annuel", start=start, end=start + timedelta(hours=3)
    )

    login(facilitator)
    visit(f"/cercles/{circle.slug}/reunions/serie/")
    # The circle's old rule reads in words; its BYHOUR no longer sets the time.
    assert page.get_by_label("Cadence", exact=True).input_value() == "2-mois"
    assert page.get_by_label("Jour de la semaine").input_value() == "TU"
    page.get_by_label("À partir du").fill("2027-01-01")
    page.get_by_label("Nombre de réunions").fill("4")
    page.get_by_label("Heure de début").fill("14:30")
    page.get_by_role("button", name="Prévisualiser les dates").click()
    page.wait_for_selector(".preview-list")
    assert (
        "le 2e mardi, tous les deux mois à 14 h 30" in page.locator(".series-cadence").inner_text()
    )
    marked = page.locator("#date-2027-03-09")
    assert "Proche d'une réunion du cercle : « Séminaire annuel »" in marked.inner_text()
    keep = marked.get_by_label("Garder cette date (sinon elle est écartée)")
    assert not keep.is_checked()
    assert_accessible(page)

    page.get_by_role("button", name="Créer ces réunions").click()
    page.wait_for_url(re.compile(rf"{circle.get_absolute_url()}$"))
    created = Meeting.objects.exclude(series=None).order_by("start")
    assert [m.start.astimezone(PARIS).date() for m in created] == [
        date(2027, 1, 12),
        date(2027, 5, 11),
        date(2027, 7, 13),
    ]
    assert {m.start.astimezone(PARIS).time() for m in created} == {time(14, 30)}
    assert_accessible(page)

    # Again, keeping the marked date this time.
    created.delete()
    visit(f"/cercles/{circle.slug}/reunions/serie/")
    page.get_by_label("À partir du").fill("2027-01-01")
    page.get_by_label("Nombre de réunions").fill("4")
    page.get_by_role("button", name="Prévisualiser les dates").click()
    page.wait_for_selector(".preview-list")
    page.locator("#date-2027-03-09").get_by_label(
        "Garder cette date (sinon elle est écartée)"
    ).check()
    page.get_by_role("button", name="Créer ces réunions").click()
    page.wait_for_url(re.compile(rf"{circle.get_absolute_url()}$"))
    assert Meeting.objects.exclude(series=None).count() == 4


def test_the_facilitator_cancels_edits_and_reinstates_a_meeting(
    page, visit, login, facilitator, member
):
    circle = _circle()
    Membership.objects.create(circle=circle, person=member.person)
    start = datetime.combine(date.today() + timedelta(days=20), time(14), PARIS)
    meeting = Meeting.objects.create(
        circle=circle, title="Coordination", start=start, end=start + timedelta(hours=2)
    )

    login(facilitator)
    visit(meeting.get_absolute_url())
    page.get_by_role("link", name="Annuler la réunion").click()
    page.wait_for_url(re.compile(r"/annuler/"))
    page.get_by_role("button", name="Confirmer l'annulation").click()
    page.wait_for_url(re.compile(rf"{meeting.get_absolute_url()}$"))
    assert page.locator(".meeting-status").inner_text().strip().startswith("Annulée")

    # Editing only the place leaves it cancelled.
    page.get_by_role("link", name="Modifier", exact=True).click()
    page.wait_for_url(re.compile(r"/modifier/"))
    assert "annulée et le reste" in page.locator("#cancelled-note").inner_text()
    assert page.locator("select[name=status]").count() == 0
    assert_accessible(page)
    page.get_by_label("Lieu").fill("Salle du conseil")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(rf"{meeting.get_absolute_url()}$"))
    assert page.locator(".meeting-status").inner_text().strip().startswith("Annulée")
    meeting.refresh_from_db()
    assert meeting.is_cancelled and meeting.place == "Salle du conseil"
    assert_accessible(page)

    # Reinstating is its own, confirmed action, with its own notice.
    page.get_by_role("link", name="Rétablir la réunion").first.click()
    page.wait_for_url(re.compile(r"/retablir/"))
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer le rétablissement").click()
    page.wait_for_url(re.compile(rf"{meeting.get_absolute_url()}$"))
    assert page.locator(".meeting-status").inner_text().strip().startswith("Prévue")
    assert_accessible(page)
    meeting.refresh_from_db()
    assert not meeting.is_cancelled and meeting.registration_open
    notices = [m for m in mail.outbox if "Réunion rétablie" in m.subject]
    assert [m.to for m in notices] == [[member.email]]
    calendars = [
        part for part in notices[0].message().walk() if part.get_content_type() == "text/calendar"
    ]
    assert calendars and calendars[0].get_param("method") == "REQUEST"
    assert b"METHOD:REQUEST" in calendars[0].get_payload(decode=True)
