import re
from pathlib import Path

import pytest
from django.core import mail
from icalendar import Calendar

from circles.models import Circle, Meeting, Registration
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_series_registration_ics_and_cancellation_notice(page, visit, login, facilitator, member):
    circle = Circle.objects.create(
        name="Cercle d'animation",
        kind="animation",
        cadence="FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU",
        default_place="Hôtel de Région",
    )

    # The facilitator previews a series from the cadence, then creates it.
    login(facilitator)
    visit(circle.get_absolute_url())
    page.get_by_role("link", name="Programmer une série").click()
    page.wait_for_url(re.compile(r"/reunions/serie/"))
    assert page.get_by_label("Règle de récurrence (RFC 5545)").input_value() == circle.cadence
    page.get_by_label("Nombre de réunions").fill("3")
    page.get_by_role("button", name="Prévisualiser les dates").click()
    page.wait_for_selector(".preview-list")
    assert page.locator(".preview-list li").count() == 3
    assert Meeting.objects.count() == 0
    assert_accessible(page)
    page.get_by_role("button", name="Créer ces réunions").click()
    page.wait_for_url(re.compile(rf"{circle.get_absolute_url()}$"))
    assert page.locator(".meeting-row").count() == 3
    assert_accessible(page)
    meeting = Meeting.objects.order_by("start").first()

    # A member registers through HTMX and downloads the .ics.
    page.context.clear_cookies()
    login(member)
    visit(meeting.get_absolute_url())
    page.get_by_role("button", name="Je viens").click()
    page.wait_for_selector(".registration-state")
    assert "Je viens" in page.locator(".registration-state").inner_text()
    assert Registration.objects.get(meeting=meeting).person == member.person
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Ajouter à mon agenda (.ics)").click()
    content = Path(download.value.path()).read_bytes()
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["UID"]) == meeting.uid

    # The facilitator cancels it; the member receives the notice.
    page.context.clear_cookies()
    login(facilitator)
    visit(meeting.get_absolute_url())
    page.get_by_role("link", name="Annuler la réunion").click()
    page.wait_for_url(re.compile(r"/annuler/"))
    assert_accessible(page)
    page.get_by_label("Cette réunion seulement").check()
    page.get_by_role("button", name="Confirmer l'annulation").click()
    page.wait_for_url(re.compile(rf"{meeting.get_absolute_url()}$"))
    assert page.locator(".meeting-status").inner_text().strip().startswith("Annulée")
    assert_accessible(page)
    notices = [m for m in mail.outbox if "Réunion annulée" in m.subject]
    assert [m.to for m in notices] == [[member.email]]
