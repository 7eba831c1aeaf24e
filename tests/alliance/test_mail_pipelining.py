"""`send_batch` to a real SMTP server (aiosmtpd on loopback): a server that offers
PIPELINING (RFC 2920) receives each message together with the next one's envelope, one
round trip per message; a server that does not gets the ordinary dialogue. Both read the
same messages."""

import pytest
from aiosmtpd.controller import Controller

from alliance import mail
from tests.smtp import Sink, free_port, smtp, text_of  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


class Watching(Sink):
    """Notes, as each message ends, whether the next commands were already waiting."""

    def __init__(self):
        super().__init__()
        self.waiting: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.waiting.append(bytes(server._reader._buffer))
        return await super().handle_DATA(server, session, envelope)


def _mails(count: int) -> list[mail.Mail]:
    return [
        mail.Mail(
            to=f"p{i}@example.org",
            subject="Réunion d'été",
            text=f".Une ligne qui commence par un point\n..et deux\nBonjour n°{i}",
            html="<p>Bonjour</p>",
            key="k",
        )
        for i in range(count)
    ]


@pytest.fixture
def watching(smtp, settings):  # noqa: F811 - the fixture (mail settings)
    sink = Watching()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_PORT = controller.port
    yield sink
    controller.stop()


def test_a_pipelining_server_gets_each_message_with_the_next_envelope(watching):
    recorded: list[str] = []

    sent = mail.send_batch(_mails(5), record=lambda done: recorded.extend(m.to for m in done))

    assert sent == 5 and recorded == [f"p{i}@example.org" for i in range(5)]
    assert watching.connections == 1
    assert [w.startswith(b"MAIL FROM:") for w in watching.waiting] == [True] * 4 + [False]
    assert [m.envelope_to for m in watching.messages] == [[address] for address in recorded]
    assert text_of(watching.messages[4]).splitlines()[:3] == [
        ".Une ligne qui commence par un point",
        "..et deux",
        "Bonjour n°4",
    ]
    assert str(watching.messages[0]["Subject"]) == "[Alliance] Réunion d'été"


def test_a_server_without_pipelining_gets_one_command_at_a_time(watching):
    watching.pipelining = False
    recorded: list[str] = []

    assert mail.send_batch(_mails(3), record=lambda done: recorded.extend(m.to for m in done)) == 3

    assert watching.waiting == [b"", b"", b""]
    assert [m.envelope_to for m in watching.messages] == [[a] for a in recorded]
    assert text_of(watching.messages[2]).splitlines()[1] == "..et deux"


def test_a_refusal_mid_pipeline_records_what_went_before_and_stops(watching):
    watching.fail_for = {"p2@example.org"}
    recorded: list[str] = []

    with pytest.raises(Exception, match="Try again later"):
        mail.send_batch(_mails(5), record=lambda done: recorded.extend(m.to for m in done))

    assert recorded == ["p0@example.org", "p1@example.org"]
    assert [m.envelope_to for m in watching.messages] == [[a] for a in recorded]
    assert mail.send_batch(_mails(5)[2:], record=recorded.extend) == 3  # the retry
