"""E-mail goes out through the Job table, so a message survives a broker outage."""

import base64

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from alliance.jobs import enqueue


def queue_email(
    *,
    to: list[str],
    subject: str,
    template: str,
    context: dict | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
    reply_to: list[str] | None = None,
):
    """Renders `template`.txt (and .html if it exists) in French now, sends later."""
    context = {"site_url": settings.SITE_URL, **(context or {})}
    with translation.override("fr"):
        body = render_to_string(f"{template}.txt", context)
        try:
            html = render_to_string(f"{template}.html", context)
        except Exception:
            html = ""
    return enqueue(
        "alliance.mail.deliver",
        to=to,
        subject=str(subject),
        body=body,
        html=html,
        reply_to=reply_to or [],
        attachments=[
            (name, base64.b64encode(content).decode(), mimetype)
            for name, content, mimetype in attachments or []
        ],
    )


def deliver(*, to, subject, body, html="", reply_to=(), attachments=()) -> None:
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=body,
        to=to,
        reply_to=list(reply_to) or None,
    )
    if html:
        message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, base64.b64decode(content), mimetype)
    message.send()
