"""Every e-mail the platform sends: one layout, the headers clients read, sent once.

- One layout (`templates/mail/base.txt` and `base.html`): each kind of mail is a plain-text
  template rendered *without* HTML escaping; the HTML part is the same text turned into
  simple inline-styled markup, so both parts always say the same thing.
- Headers: `Message-ID` and `List-Id` on the site's domain (from `SITE_URL`); mails a
  preference can turn off carry `List-Unsubscribe` (https and mailto) and
  `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
- Two ways out. `queue_email` renders now and records a Job (`alliance.mail.deliver`)
  that survives a broker outage. `send_batch` sends many prepared mails over one SMTP
  connection and hands the caller the list of those that went out (reminders record them
  in bulk), every `FLUSH_EVERY` messages and at the end. Both record each copy handed to
  the SMTP server, so a job retried after a failure never sends twice to someone who
  already received it (a worker killed mid-batch can re-send at most the unrecorded part
  of one batch; a message whose "250 OK" was lost with the connection is re-sent, as
  with any SMTP client).
- The bytes of each message are written by `alliance.mime` (fast enough for thousands
  of reminders a run), not by Python's `email` generator.
"""

import base64
import hashlib
import html
import json
import re
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.mime.application import MIMEApplication
from email.mime.text import MIMEText
from email.utils import formatdate, parseaddr
from functools import lru_cache
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from alliance import mime
from alliance.jobs import enqueue
from alliance.models import SentMail, User

UNSUBSCRIBE_SALT = "alliance.unsubscribe"


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


# --- Rendering ----------------------------------------------------------------------


def render_text(template: str, context: dict) -> str:
    """A template rendered as plain text: "d'animation" stays "d'animation"."""
    return get_template(template).template.render(Context(context, autoescape=False))


_URL = re.compile(r"(https?://[^\s<>\"]+[^\s<>\".,;:!?)»])")


def text_to_html(text: str) -> str:
    """Paragraphs, line breaks and links, escaped: the HTML twin of a text part."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [_URL.sub(_link, html.escape(line, quote=False)) for line in block.splitlines()]
        paragraphs.append('<p style="margin:0 0 14px 0;">' + "<br>\n".join(lines) + "</p>")
    return mark_safe("\n".join(paragraphs))  # noqa: S308 - every line was escaped above


def _link(match: re.Match) -> str:
    url = match.group(1)  # already escaped with the rest of its line
    return f'<a href="{url}" style="color:#1a5e3a;word-break:break-all;">{url}</a>'


def render(template: str, context: dict, *, language: str | None = None) -> tuple[str, str]:
    """(text, html) of `template`.txt inside the layout, in `language` (French by default)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {"site_url": settings.SITE_URL, **context}
        body = render_text(f"{template}.txt", context).strip()
        return layout(body, context)


def layout(body: str, context: dict) -> tuple[str, str]:
    """Wraps an already rendered text body in the layout (footer, unsubscribe link)."""
    context = {"site_url": settings.SITE_URL, **context, "body": body}
    text = render_text("mail/base.txt", context).strip() + "\n"
    markup = render_to_string("mail/base.html", {**context, "body_html": text_to_html(body)})
    return text, markup


# --- Headers ------------------------------------------------------------------------


def message_id(key: str) -> str:
    """Stable for one message to one recipient, so a retry re-sends the same message."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{site_domain()}>"


def list_id(name: str) -> str:
    return f"Alliance <{name}.{site_domain()}>"


def unsubscribe_token(topic: str, pk: int) -> str:
    """Signed, without expiry: an old mail's link must still work."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(f"{topic}:{pk}")


def read_unsubscribe_token(token: str) -> tuple[str, int] | None:
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    topic, _sep, pk = value.partition(":")
    return (topic, int(pk)) if pk.isdigit() else None


def unsubscribe_url(topic: str, pk: int) -> str:
    return settings.SITE_URL + reverse("network:unsubscribe", args=[unsubscribe_token(topic, pk)])


def unsubscribe_links(topic: str, pk: int) -> tuple[str, dict[str, str]]:
    """(the link for the footer, the headers): RFC 2369 + RFC 8058, an https link that
    takes a one-click POST, and a mailto."""
    token = unsubscribe_token(topic, pk)
    url = settings.SITE_URL + reverse("network:unsubscribe", args=[token])
    address = settings.UNSUBSCRIBE_EMAIL or sender_address()
    mailto = f"mailto:{address}?subject={quote('unsubscribe ' + token)}"
    return url, {
        "List-Unsubscribe": f"<{url}>, <{mailto}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def unsubscribe_headers(topic: str, pk: int) -> dict[str, str]:
    return unsubscribe_links(topic, pk)[1]


# --- Messages -----------------------------------------------------------------------


@dataclass
class Mail:
    """One message to one recipient, ready to send. `key` makes its Message-ID."""

    to: str
    subject: str
    text: str
    html: str = ""
    key: str = ""
    list_name: str = "alliance"
    headers: dict[str, str] = field(default_factory=dict)
    reply_to: list[str] = field(default_factory=list)
    # (filename, content, mimetype); the mimetype may carry parameters: "text/calendar;
    # method=REQUEST" is what calendar clients read to add, move or remove the event.
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)

    @property
    def message_id(self) -> str:
        return message_id(f"{self.key}|{self.to.lower()}")

    def extra_headers(self) -> dict[str, str]:
        return {
            "Message-ID": self.message_id,
            "List-Id": list_id(self.list_name),
            "Auto-Submitted": "auto-generated",
            **self.headers,
        }

    def message(self, connection=None) -> EmailMultiAlternatives:
        message = PreparedEmail(
            self,
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + self.subject,
            body=self.text,
            to=[self.to],
            reply_to=self.reply_to or None,
            headers=self.extra_headers(),
            connection=connection,
        )
        if self.html:
            message.attach_alternative(self.html, "text/html")
        return message

    def as_bytes(self, from_email: str) -> bytes:
        """The whole message as it goes to the SMTP server, written by alliance.mime."""
        headers = [
            ("Subject", settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + self.subject),
            ("From", [from_email]),
            ("To", [self.to]),
            *([("Reply-To", list(self.reply_to))] if self.reply_to else []),
            ("Date", formatdate(localtime=settings.EMAIL_USE_LOCALTIME)),
            *self.extra_headers().items(),
        ]
        return mime.build(headers, self.text, self.html, self.attachments)


class PreparedEmail(EmailMultiAlternatives):
    """Django's message, as its backends and `mail.outbox` expect it; its bytes come
    from `Mail.as_bytes` rather than Python's slower `email` generator."""

    def __init__(self, mail: Mail, **kwargs):
        self.mail = mail
        super().__init__(**kwargs)

    # The attachments as MIME parts are only read from `mail.outbox` (the SMTP backend
    # sends `message()`'s bytes): built on first reading, not for each mail sent.
    @property
    def attachments(self) -> list:
        if self._parts is None:
            self._parts = [_part(*attachment) for attachment in self.mail.attachments]
        return self._parts

    @attachments.setter
    def attachments(self, value: list) -> None:
        self._parts = list(value) or None

    def message(self) -> mime.RawMessage:
        return mime.RawMessage(self.mail.as_bytes(self.from_email))


def _part(name: str, content: bytes, mimetype: str):
    main, *params = (p.strip() for p in mimetype.split(";"))
    maintype, subtype = main.split("/", 1)
    if maintype != "text":
        part = MIMEApplication(content, subtype)
    else:
        part = MIMEText(content.decode(), subtype, "utf-8")
    for param in params:
        key, _sep, value = param.partition("=")
        if key.lower() != "charset":
            part.set_param(key, value.strip('"'), requote=False)
    part.add_header("Content-Disposition", "attachment", filename=name)
    return part


# Sent marks are written after this many messages, and at the end of a batch: a worker
# killed midway re-sends at most this many to people who already received them.
FLUSH_EVERY = 100


def send_batch(
    mails: list[Mail], *, record: Callable[[list[Mail]], None], flush_every: int = FLUSH_EVERY
) -> int:
    """Sends over one connection (`get_connection()` opened once); `record` gets those
    that went out, every `flush_every` messages and at the end, even on a failure midway
    (then the error is raised after recording, and a retry skips them). A server that
    offers PIPELINING (RFC 2920) gets each message in one round trip (`_pipelined`)."""
    if not mails:
        return 0
    connection = get_connection()
    pending: list[Mail] = []
    recorded = 0

    def sent(mail: Mail) -> None:
        nonlocal pending, recorded
        pending.append(mail)
        if len(pending) >= flush_every:
            record(pending)
            recorded, pending = recorded + len(pending), []

    try:
        connection.open()
        smtp = getattr(connection, "connection", None)
        if _can_pipeline(smtp, mails):
            _pipelined(smtp, mails, sent)
        else:
            for mail in mails:
                connection.send_messages([mail.message(connection)])
                sent(mail)
    finally:
        try:
            connection.close()
        finally:
            if pending:
                record(pending)
    return recorded + len(pending)


def _can_pipeline(smtp, mails: list[Mail]) -> bool:
    if not isinstance(smtp, smtplib.SMTP) or len(mails) < 2:
        return False
    smtp.ehlo_or_helo_if_needed()
    # Non-ASCII addresses need SMTPUTF8 options: those go the ordinary way.
    return smtp.has_extn("pipelining") and all(_envelope_to(m).isascii() for m in mails)


def _envelope_to(mail: Mail) -> str:
    return _address_of(mime.address_value(mail.to))


def _pipelined(smtp: smtplib.SMTP, mails: list[Mail], sent: Callable[[Mail], None]) -> None:
    """RFC 2920: a message's content and the next one's MAIL, RCPT and DATA go in one
    write, then the replies are read; the next message's bytes are written meanwhile, while
    the server reads this one. One round trip per message instead of four."""
    sender = settings.DEFAULT_FROM_EMAIL
    frm = smtplib.quoteaddr(sender_address())

    def envelope(mail: Mail) -> bytes:
        return f"MAIL FROM:{frm}\r\nRCPT TO:<{_envelope_to(mail)}>\r\nDATA\r\n".encode()

    def content(mail: Mail) -> bytes:
        data = _LEADING_DOT.sub(b"..", mail.as_bytes(sender))
        return data + (b".\r\n" if data.endswith(b"\r\n") else b"\r\n.\r\n")

    try:
        smtp.send(envelope(mails[0]))
        data = content(mails[0])
        _envelope_replies(smtp, mails[0])
        for index, mail in enumerate(mails):
            following = mails[index + 1] if index + 1 < len(mails) else None
            smtp.send(data + (envelope(following) if following else b""))
            data = content(following) if following else b""
            code, reply = smtp.getreply()
            if code != 250:
                raise smtplib.SMTPDataError(code, reply)
            sent(mail)
            if following:
                _envelope_replies(smtp, following)
    except BaseException:
        smtp.close()  # mid-dialogue: no QUIT, which the server could read as content
        raise


_LEADING_DOT = re.compile(rb"(?m)^\.")


def _envelope_replies(smtp: smtplib.SMTP, mail: Mail) -> None:
    code, reply = smtp.getreply()
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, reply, sender_address())
    code, reply = smtp.getreply()
    if code not in (250, 251):
        raise smtplib.SMTPRecipientsRefused({mail.to: (code, reply)})
    code, reply = smtp.getreply()
    if code != 354:
        raise smtplib.SMTPDataError(code, reply)


def send_once(mails: Iterable[Mail]) -> int:
    """Sends the mails whose Message-ID was never handed to the SMTP server."""
    mails = list(mails)
    done = set(
        SentMail.objects.filter(message_id__in=[m.message_id for m in mails]).values_list(
            "message_id", flat=True
        )
    )

    def record(sent: list[Mail]) -> None:
        SentMail.objects.bulk_create(
            [SentMail(message_id=m.message_id, email=m.to) for m in sent], ignore_conflicts=True
        )

    return send_batch([m for m in mails if m.message_id not in done], record=record)


def queue_email(
    *,
    to: list[str],
    subject: str,
    template: str,
    context: dict | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
    reply_to: list[str] | None = None,
    language: str | None = None,
    list_name: str = "alliance",
    unsubscribe: tuple[str, int] | None = None,
    key: str | None = None,
):
    """Renders `template`.txt in the layout now (French unless `language`), sends later:
    each address gets its own copy. `unsubscribe` (topic, pk): a preference can turn this
    mail off. `key` names the message (a second job with the same key sends nothing to
    whoever already received it)."""
    context = dict(context or {})
    headers = {}
    if unsubscribe:
        context["unsubscribe_url"], headers = unsubscribe_links(*unsubscribe)
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = context["subject"] = str(subject)
        body, markup = render(template, context, language=language)
    return enqueue(
        "alliance.mail.deliver",
        to=list(to),
        subject=subject,
        body=body,
        html=markup,
        reply_to=list(reply_to or []),
        list_name=list_name,
        headers=headers,
        key=key or "",
        attachments=[
            (name, base64.b64encode(content).decode(), mimetype)
            for name, content, mimetype in attachments or []
        ],
    )


def deliver(
    *,
    to,
    subject,
    body,
    html="",
    reply_to=(),
    attachments=(),
    list_name="alliance",
    headers=None,
    key="",
) -> int:
    """Job: one copy per address, each recorded; a retry skips those already sent."""
    # Without a key (older jobs, allauth's), the job's own content names the message.
    key = key or json.dumps([to, subject, body], sort_keys=True)
    files = [(name, base64.b64decode(content), mimetype) for name, content, mimetype in attachments]
    return send_once(
        Mail(
            to=address,
            subject=subject,
            text=body,
            html=html,
            key=key,
            list_name=list_name,
            headers=dict(headers or {}),
            reply_to=list(reply_to),
            attachments=files,
        )
        for address in to
    )


def sender_address() -> str:
    return _address_of(settings.DEFAULT_FROM_EMAIL)


@lru_cache(maxsize=16)
def _address_of(value: str) -> str:
    """Parsing an address is slow; a reminder run asks for the sender's once per mail."""
    return parseaddr(value)[1]


def languages_of(addresses: Iterable[str]) -> dict[str, list[str]]:
    """The addresses grouped by the language their account picked with the site's switch;
    an address without an account (or a choice) reads French. One query."""
    addresses = list(addresses)
    chosen = {
        email.lower(): language
        for email, language in User.objects.filter(email__in=[a.lower() for a in addresses])
        .exclude(language="")
        .values_list("email", "language")
    }
    groups: dict[str, list[str]] = {}
    for address in addresses:
        groups.setdefault(chosen.get(address.lower(), settings.LANGUAGE_CODE), []).append(address)
    return groups


def queue_email_in_their_language(
    *, to: Iterable[str], subject: Callable[[], str], **options
) -> None:
    """queue_email once per language of the recipients (languages_of): `subject` is called
    in each language, and the body speaks it too."""
    for language, addresses in languages_of(to).items():
        with translation.override(language):
            queue_email(to=addresses, subject=subject(), language=language, **options)
