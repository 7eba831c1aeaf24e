"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, parsed with
Python's `email` parser. `fail_for` makes it refuse a recipient's message once, as a
server does when it drops a connection midway. It offers PIPELINING (RFC 2920) as the
usual servers do (Postfix, Exim); `pipelining = False` makes one that does not."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller


class Sink:
    pipelining = True

    def __init__(self):
        self.messages = []
        self.fail_for: set[str] = set()
        self.connections = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802
        self.connections += 1
        session.host_name = hostname
        if self.pipelining:  # aiosmtpd reads commands one by one from its buffer
            responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        refused = self.fail_for.intersection(envelope.rcpt_tos)
        if refused:
            self.fail_for -= refused
            return "451 Try again later"
        message = message_from_bytes(envelope.content, policy=policy.default)
        message.envelope_to = list(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m.envelope_to]

    def subjects(self, prefix: str) -> list:
        return [m for m in self.messages if str(m["Subject"]).strip().startswith(prefix)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = "https://alliance.example.org"
    yield sink
    controller.stop()


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def calendar_of(message):
    """(content-type method, raw text) of the message's text/calendar part."""
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return part.get_param("method"), part.get_content()
