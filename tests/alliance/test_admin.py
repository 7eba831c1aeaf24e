import pytest
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
    assert (job.state, job.attempts, job.last_error) == (Job.State.DONE, 1, "")


def test_a_member_cannot_open_the_admin(client, member):
    client.force_login(member)
    assert client.get("/admin/alliance/job/").status_code == 302
