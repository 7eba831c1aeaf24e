"""The bytes `alliance.mime` writes read, with Python's `email` parser, exactly as the
message Django's own generator writes: same headers, same parts, same content."""

from email import message_from_bytes, policy

import pytest
from django.core.mail import BadHeaderError, EmailMultiAlternatives

from alliance import mail, mime

ICS = (
    "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nSUMMARY:Réunion d'été\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
).encode()
TEXT = (
    "Bonjour Zoé,\n\nLa réunion « L'eau d'ici » a lieu demain à 14 h.\n"
    "Une ligne très longue : " + "mot " * 300 + "\n.\nFrom the start of a line  \n"
)
HTML = '<p style="margin:0">Bonjour Zoé, <a href="https://alliance.example.org/x">lien</a></p>'


def _mail(**fields) -> mail.Mail:
    _link, headers = mail.unsubscribe_links("reminders", 42)
    defaults = {
        "to": "zoe@example.org",
        "subject": "Rappel : L'eau d'ici — demain à 14 h, à la Maison de l'économie solidaire",
        "text": TEXT,
        "html": HTML,
        "key": "k1",
        "list_name": "reunions",
        "headers": headers,
        "reply_to": ["animation@example.org"],
        "attachments": [("invitation.ics", ICS, "text/calendar; method=REQUEST")],
    }
    return mail.Mail(**{**defaults, **fields})


def _parse(data: bytes):
    return message_from_bytes(data, policy=policy.default)


def _content(part) -> str:
    """A part's content as a mail client shows it (the parser keeps the wire's CRLF)."""
    return part.get_content().replace("\r\n", "\n")


def _django(item: mail.Mail):
    """The same message written by Django and Python's `email` generator."""
    message = EmailMultiAlternatives(
        subject="[Alliance] " + item.subject,
        body=item.text,
        to=[item.to],
        reply_to=item.reply_to,
        headers=item.extra_headers(),
    )
    message.attach_alternative(item.html, "text/html")
    for attachment in item.attachments:
        message.attach(mail._part(*attachment))
    return _parse(message.message().as_bytes(linesep="\r\n"))


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://alliance.example.org"


def test_the_headers_read_as_djangos():
    item = _mail()
    ours, theirs = _parse(item.message().message().as_bytes()), _django(item)
    for name in (
        "Subject",
        "From",
        "To",
        "Reply-To",
        "Message-ID",
        "List-Id",
        "List-Unsubscribe",
        "List-Unsubscribe-Post",
        "Auto-Submitted",
        "MIME-Version",
    ):
        assert str(ours[name]).strip() == str(theirs[name]).strip(), name
    assert ours["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert ours["Date"].datetime is not None


def test_the_parts_read_as_djangos():
    ours, theirs = _parse(_mail().message().message().as_bytes()), _django(_mail())
    assert [p.get_content_type() for p in ours.walk()] == [
        p.get_content_type() for p in theirs.walk()
    ]
    assert ours.get_content_type() == "multipart/mixed"
    for kind, source in (("plain", TEXT), ("html", HTML)):
        assert _content(ours.get_body((kind,))).rstrip("\n") == source.rstrip("\n")
        assert _content(ours.get_body((kind,))) == _content(theirs.get_body((kind,)))
    (attachment,) = ours.iter_attachments()
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "REQUEST"
    assert attachment.get_filename() == "invitation.ics"
    assert attachment.get_content().encode() == ICS
    assert attachment.get_content() == next(theirs.iter_attachments()).get_content()


def test_no_line_is_longer_than_smtp_allows():
    data = _mail().message().message().as_bytes()
    head, _sep, body = data.partition(b"\r\n\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")  # every line ends with CRLF
    assert max(len(line) for line in body.split(b"\r\n")) <= 78
    # Headers fold at spaces: only a link (the List-Unsubscribe ones) may pass 78.
    long = [line for line in head.split(b"\r\n") if len(line) > 78]
    assert all(b" " not in line.split(b": ", 1)[-1].strip() for line in long), long
    assert max(len(line) for line in head.split(b"\r\n")) <= 998


def test_a_text_only_mail_is_one_text_part():
    message = _parse(_mail(html="", attachments=[]).message().message().as_bytes())
    assert not message.is_multipart()
    assert _content(message) == TEXT


def test_a_mail_without_attachment_is_multipart_alternative():
    message = _parse(_mail(attachments=[]).message().message().as_bytes())
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]


def test_a_header_with_a_line_break_is_refused():
    with pytest.raises(BadHeaderError):
        _mail(subject="Rappel\nBcc: everyone@example.org").message().message()


def test_a_non_ascii_display_name_and_file_name_are_encoded():
    message = _parse(
        mime.build(
            [("Subject", "Été"), ("From", ["Équipe d'animation <a@example.org>"])],
            "Bonjour",
            attachments=[("réunion.ics", ICS, "text/calendar; method=CANCEL")],
        )
    )
    assert str(message["From"]) == "Équipe d'animation <a@example.org>"
    assert next(message.iter_attachments()).get_filename() == "réunion.ics"


def test_the_message_handed_to_backends_reads_like_a_message():
    message = _mail().message().message()
    assert message["To"] == "zoe@example.org"
    assert "List-Unsubscribe" in message
    assert message.get_content_type() == "multipart/mixed"
    assert message.get_charset() is None  # what the console backend asks
    assert message.as_string().startswith("Subject: ")
