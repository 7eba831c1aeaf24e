"""`send_batch` hands many mails to a real SMTP server (aiosmtpd on loopback) over one
connection and reports those that went out as it goes, so the caller's sent marks are
committed along the way rather than only at the end."""

import pytest

from alliance import mail
from tests.smtp import smtp  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _mails(count: int) -> list[mail.Mail]:
    return [
        mail.Mail(to=f"p{i}@example.org", subject="Réunion d'été", text="Bonjour", key="k")
        for i in range(count)
    ]


def test_a_batch_goes_over_one_connection_and_is_recorded_every_few_mails(smtp):  # noqa: F811
    recorded: list[int] = []

    sent = mail.send_batch(_mails(7), record=lambda done: recorded.append(len(done)), flush_every=3)

    assert sent == 7 and recorded == [3, 3, 1]
    assert smtp.connections == 1 and len(smtp.messages) == 7


def test_what_went_out_before_a_refusal_is_recorded_then_the_error_raised(smtp):  # noqa: F811
    smtp.fail_for = {"p4@example.org"}
    recorded: list[str] = []

    with pytest.raises(Exception, match="Try again later"):
        mail.send_batch(_mails(7), record=lambda done: recorded.extend(m.to for m in done))

    assert recorded == [f"p{i}@example.org" for i in range(4)]
    assert [m.envelope_to for m in smtp.messages] == [[address] for address in recorded]


def test_send_once_skips_who_already_received_the_message(smtp):  # noqa: F811
    assert mail.send_once(_mails(3)) == 3
    assert mail.send_once(_mails(5)) == 2
    assert sorted(m.envelope_to[0] for m in smtp.messages) == [
        f"p{i}@example.org" for i in range(5)
    ]
