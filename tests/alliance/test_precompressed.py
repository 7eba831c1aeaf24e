"""Bodies gzipped once, when kept (alliance/precompressed.py): whatever goes between the
kept runs, the stream is one that zlib's own readers take, CRC and length checked."""

import gzip
import zlib

from alliance.precompressed import Frozen

MARK = b"\x1amark\x1a"


def read(stream: bytes) -> bytes:
    text = gzip.decompress(stream)  # checks the CRC-32 and the length of the trailer
    reader = zlib.decompressobj(wbits=31)
    assert reader.decompress(stream) == text
    assert reader.eof and not reader.unused_data  # one gzip member, nothing after it
    return text


def test_a_body_without_a_placeholder_is_one_stream_made_once():
    body = "<p>Réseau de chaleur de Blagnac</p>".encode() * 400
    frozen = Frozen.of(body)
    assert frozen.gzipped() is frozen.gzipped()  # made when kept, not per request
    assert read(frozen.gzipped()) == body
    assert len(frozen.gzipped()) < len(body) / 10


def test_each_part_put_between_the_runs_reads_back_in_place():
    body = b"<form>" + MARK + b"</form>" + "é".encode() * 3000 + MARK + b"<footer>" + MARK
    frozen = Frozen.of(body, MARK)
    for part in (b"", b"a" * 64, b"b" * 64, b"x" * 70_000):  # more than one stored block
        assert read(frozen.gzipped(part)) == body.replace(MARK, part)
        assert frozen.text(part) == body.replace(MARK, part)


def test_a_body_that_starts_with_its_placeholder_reads_back():
    frozen = Frozen.of(MARK + b"reste de la page" * 50, MARK)
    assert read(frozen.gzipped(b"jeton")) == b"jeton" + b"reste de la page" * 50


def test_the_part_itself_is_never_compressed():
    """The secret is sent as stored bytes: its compressed size tells nothing (BREACH)."""
    frozen = Frozen.of(b"<p>" * 300 + MARK + b"</p>" * 300, MARK)
    repetitive, random = b"<p>" * 20, b"Zq3x8KpL0aV7mWc2" * 3 + b"Hd9e4TbN1uYs"
    assert random in frozen.gzipped(random)
    assert len(frozen.gzipped(repetitive)) == len(frozen.gzipped(random))
