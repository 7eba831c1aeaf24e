"""Hostile files for the import's tests and bench, built without holding them inflated.

`zip_bomb()` is a real workbook whose sharedStrings.xml inflates to 2 GiB from about
2 MB: the deflate stream repeats one block that was compressed once (a full flush makes
each block independent of what came before), and the CRC of the repeated text is
combined arithmetically (zlib's crc32_combine, in Python) instead of read over 2 GiB.
"""

import io
import struct
import zipfile
import zlib

from openpyxl import Workbook

GiB = 1 << 30


def _gf2_times(matrix: list[int], vector: int) -> int:
    total, index = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[index]
        vector >>= 1
        index += 1
    return total


def _gf2_square(matrix: list[int]) -> list[int]:
    return [_gf2_times(matrix, matrix[n]) for n in range(32)]


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """The CRC-32 of A + B from those of A and B and the length of B."""
    if length2 == 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]  # the operator for one zero bit
    even = _gf2_square(odd)
    odd = _gf2_square(even)
    while True:
        even = _gf2_square(odd)
        if length2 & 1:
            crc1 = _gf2_times(even, crc1)
        length2 >>= 1
        if not length2:
            break
        odd = _gf2_square(even)
        if length2 & 1:
            crc1 = _gf2_times(odd, crc1)
        length2 >>= 1
        if not length2:
            break
    return crc1 ^ crc2


def _repeated_crc(crc: int, length: int, times: int) -> tuple[int, int]:
    """CRC and length of a block repeated `times` times, by doubling."""
    result_crc, result_len = 0, 0
    while times:
        if times & 1:
            result_crc = crc32_combine(result_crc, crc, length) if result_len else crc
            result_len += length
        crc, length = crc32_combine(crc, crc, length), length * 2
        times >>= 1
    return result_crc, result_len


def _write_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip from (name, raw deflate data, crc, uncompressed size) members."""
    out, directory = io.BytesIO(), []
    for name, data, crc, size in members:
        offset = out.tell()
        encoded = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data),
                              size, len(encoded), 0))  # fmt: skip
        out.write(encoded + data)
        directory.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21,
                                     crc, len(data), size, len(encoded), 0, 0, 0, 0, 0,
                                     offset) + encoded)  # fmt: skip
    start = out.tell()
    for entry in directory:
        out.write(entry)
    end = out.tell()
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members),
                          end - start, start, 0))  # fmt: skip
    return out.getvalue()


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def small_workbook(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


SHARED_STRINGS = (
    b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
    b"<si><t>" + b"a" * 1000 + b"</t></si>",
    b"</sst>",
)
SHEET = (
    b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Titre'
    b"</t></is></c></row>",
    b'<row><c t="inlineStr"><is><t>' + b"b" * 200 + b"</t></is></c></row>",
    b"</sheetData></worksheet>",
)


def zip_bomb(inflated: int = 2 * GiB, part: str = "xl/sharedStrings.xml") -> bytes:
    """A workbook whose shared strings (or first sheet) inflate to `inflated` bytes."""
    with zipfile.ZipFile(io.BytesIO(small_workbook([["Titre", "Description"], ["a", "b"]]))) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    head, unit, tail = SHARED_STRINGS if part.endswith("sharedStrings.xml") else SHEET
    parts.pop(part, None)
    chunk = unit * ((1 << 20) // len(unit))
    times = max(1, (inflated - len(head) - len(tail)) // len(chunk))
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head_data = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    chunk_data = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail_data = compressor.compress(tail) + compressor.flush()
    crc, size = zlib.crc32(head), len(head)
    body_crc, body_size = _repeated_crc(zlib.crc32(chunk), len(chunk), times)
    crc, size = crc32_combine(crc, body_crc, body_size), size + body_size
    crc, size = crc32_combine(crc, zlib.crc32(tail), len(tail)), size + len(tail)
    if part != "xl/sharedStrings.xml":
        members = [(n, _deflate(c), zlib.crc32(c), len(c)) for n, c in parts.items()]
        members.insert(0, (part, head_data + chunk_data * times + tail_data, crc, size))
        return _write_zip(members)
    # Declared where Excel declares it, so that a reader without our checks loads it.
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdBomb" Target="sharedStrings.xml" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>',
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxml'
        b'formats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    members = [(n, _deflate(c), zlib.crc32(c), len(c)) for n, c in parts.items()]
    data = head_data + chunk_data * times + tail_data
    members.insert(0, (part, data, crc, size))
    return _write_zip(members)
