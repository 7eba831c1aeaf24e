"""A meeting registration through HTMX says its result to the live region (issue 15)."""

import pytest

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.mark.parametrize(
    ("answer", "said"),
    [("oui", "Vous êtes inscrit·e"), ("non", "Vous avez répondu : je ne viens pas")],
)
def test_a_registration_announces_the_answer(client_as, meeting, answer, said):
    response = client_as("member").post(
        f"/cercles/reunions/{meeting.pk}/inscription/", {"answer": answer}, headers=HTMX
    )
    body = response.content.decode()
    assert f'data-announce="{said}"' in body
    assert f'id="answer-{answer}"' in body
