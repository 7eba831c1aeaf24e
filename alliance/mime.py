"""MIME bytes written directly, for mail sent by the thousand.

Python's `email` generator re-folds and re-encodes every header and part of every
message; a reminder run sends thousands of messages that differ only by a few lines.
`build` writes the same structure Django would (multipart/mixed around a
multipart/alternative text + HTML pair, then the attachments) with C-speed encoders:
quoted-printable for text parts, base64 for attachments, RFC 2047 words for non-ASCII
headers (cached: a meeting's subject is encoded once for all its recipients). Any
`email` parser reads the result; `tests/alliance/test_mime.py` checks it.
"""

import base64
import binascii
import os
from email import message_from_bytes, policy
from email.header import Header
from email.message import Message
from email.utils import encode_rfc2231
from functools import lru_cache

from django.core.mail import BadHeaderError
from django.core.mail.message import sanitize_address

CRLF = b"\r\n"
MAX_LINE = 78  # RFC 5322's recommended length; folded where a header has spaces


@lru_cache(maxsize=4096)
def header_value(name: str, value: str) -> str:
    """A header's value as it goes on the wire: RFC 2047 words when not ASCII, folded."""
    if "\n" in value or "\r" in value:
        raise BadHeaderError(f"Header values can't contain newlines (got {value!r})")
    if not value.isascii():
        header = Header(value, "utf-8", maxlinelen=MAX_LINE, header_name=name)
        return header.encode(linesep="\r\n")
    return _fold(name, value)


def _fold(name: str, value: str) -> str:
    """Folded at spaces; a word longer than a line (a link) stays whole."""
    if len(name) + 2 + len(value) <= MAX_LINE:
        return value
    lines, line = [], ""
    for word in value.split(" "):
        room = MAX_LINE - (len(name) + 2 if not lines else 1)
        if line and len(line) + 1 + len(word) > room:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\r\n ".join([*lines, line])


@lru_cache(maxsize=4096)
def address_value(value: str) -> str:
    """One address ("Name <a@b>" or "a@b"), encoded as Django's SMTP backend would."""
    if "\n" in value or "\r" in value:
        raise BadHeaderError(f"Header values can't contain newlines (got {value!r})")
    return sanitize_address(value, "utf-8")


def _headers(headers: list[tuple[str, str | list[str]]]) -> bytes:
    """A list value is a list of addresses (From, To, Reply-To)."""
    lines = []
    for name, value in headers:
        if isinstance(value, list):
            value = ", ".join(address_value(address) for address in value)
        else:
            value = header_value(name, value)
        lines.append(f"{name}: {value}\r\n")
    return "".join(lines).encode("ascii")


def text_part(text: str, subtype: str = "plain") -> bytes:
    data = text.replace("\r\n", "\n").replace("\n", "\r\n").encode()
    encoded = binascii.b2a_qp(data, istext=True)
    if b"\r\n" not in data:  # b2a_qp ends its soft breaks as the data's lines: LF if none
        encoded = encoded.replace(b"=\n", b"=\r\n")
    return (
        f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
    ).encode() + encoded


def attachment_part(name: str, content: bytes, mimetype: str) -> bytes:
    """`mimetype` may carry parameters ("text/calendar; method=REQUEST"): calendar
    clients read them to add, move or remove the event."""
    main, *params = (p.strip() for p in mimetype.split(";"))
    params = [p for p in params if p.split("=", 1)[0].strip().lower() != "charset"]
    if main.startswith("text/"):
        params.insert(0, 'charset="utf-8"')
    filename = f'filename="{name}"' if name.isascii() else f"filename*={_rfc2231(name)}"
    head = "; ".join([main, *params])
    return (
        f"Content-Type: {head}\r\nContent-Transfer-Encoding: base64\r\n"
        f"Content-Disposition: attachment; {filename}\r\n\r\n"
    ).encode() + base64.encodebytes(content).replace(b"\n", CRLF)


def _rfc2231(name: str) -> str:
    return encode_rfc2231(name, "utf-8")


def multipart(subtype: str, parts: list[bytes]) -> bytes:
    # "=_" never occurs in quoted-printable or base64 text: the boundary cannot clash.
    boundary = "=_" + os.urandom(12).hex()
    sep = f"--{boundary}\r\n".encode()
    # The CRLF before each boundary belongs to the boundary: a part's last line keeps its own.
    body = b"".join(sep + part + CRLF for part in parts)
    head = f'Content-Type: multipart/{subtype}; boundary="{boundary}"\r\n'.encode()
    return head + b"\r\n" + body + f"--{boundary}--\r\n".encode()


def build(
    headers: list[tuple[str, str | list[str]]],
    text: str,
    html: str = "",
    attachments: list[tuple[str, bytes, str]] = (),
) -> bytes:
    """One whole message: `headers` (name, value) in order, then its MIME body."""
    body = text_part(text)
    if html:
        body = multipart("alternative", [body, text_part(html, "html")])
    if attachments:
        body = multipart("mixed", [body, *(attachment_part(*a) for a in attachments)])
    return _headers(headers) + b"MIME-Version: 1.0\r\n" + body


class RawMessage:
    """Bytes already written, handed to Django's mail backends (they call `as_bytes`).
    Anything else a `Message` offers is read from the bytes, parsed on first use."""

    def __init__(self, data: bytes):
        self.data = data
        self._parsed: Message | None = None

    def as_bytes(self, unixfrom=False, policy=None, linesep="\r\n") -> bytes:
        return self.data if linesep == "\r\n" else self.data.replace(CRLF, linesep.encode())

    def as_string(self, unixfrom=False, maxheaderlen=0, policy=None, linesep="\n") -> str:
        return self.as_bytes(linesep=linesep).decode("utf-8", errors="surrogateescape")

    __bytes__ = as_bytes
    __str__ = as_string

    @property
    def parsed(self) -> Message:
        if self._parsed is None:
            self._parsed = message_from_bytes(self.data, policy=policy.SMTP)
        return self._parsed

    def __getattr__(self, name: str):
        return getattr(self.parsed, name)

    def __getitem__(self, name: str):
        return self.parsed[name]

    def __contains__(self, name: str) -> bool:
        return name in self.parsed
