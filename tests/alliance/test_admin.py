import pytest
from django.core import mail
from django.utils import timezone

from alliance.models import Job

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/admin/alliance/user/",
        "/admin/alliance/user/add/",
        "/admin/alliance/theme/",
        "/admin/alliance/stake/",
        "/admin/alliance/commune/",
        "/admin/alliance/invitation/",
        "/admin/alliance/job/",
    ],
)
def test_admin_pages_of_the_shared_models_open(client, admin_user, path):
    client.force_login(admin_user)
    assert client.get(path).status_code == 200


def test_admin_retries_a_failed_job(client, admin_user, django_capture_on_commit_callbacks):
    job = Job.objects.create(
        name="alliance.mail.deliver",
        kwargs={"to": ["a@example.org"], "subject": "S", "body": "B"},
        state=Job.State.FAILED,
        attempts=3,
        finished_at=timezone.now(),
        last_error="SMTP",
    )
    client.force_login(admin_user)
    response = client.post(
        "/admin/alliance/job/", {"action": "retry", "_selected_action": [job.pk]}, follow=True
    )
    assert "1 tâche(s) relancée(s)." in response.content.decode()
    job.refresh_from_db()
    # Attempts keep counting (each run's number fences its writes): this was the 4th.
    assert (job.state, job.attempts, job.last_error) == (Job.State.DONE, 4, "")


def test_admin_refuses_to_rerun_a_finished_job(
    client, admin_user, django_capture_on_commit_callbacks
):
    """ "Relancer" on a mail already sent would send it again: the job is left alone."""
    job = Job.objects.create(
        name="alliance.mail.deliver",
        kwargs={"to": ["a@example.org"], "subject": "S", "body": "B"},
        state=Job.State.DONE,
        attempts=1,
        finished_at=timezone.now(),
    )
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/alliance/job/", {"action": "retry", "_selected_action": [job.pk]}, follow=True
        )
    page = response.content.decode()
    assert "seules les tâches échouées ou bloquées peuvent être relancées" in page
    assert "relancée(s)." not in page
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.DONE, 1)
    assert mail.outbox == []


def test_a_member_cannot_open_the_admin(client, member):
    client.force_login(member)
    assert client.get("/admin/alliance/job/").status_code == 302
