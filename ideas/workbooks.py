"""XLSX workbooks for the import, checked before they are opened: openpyxl inflates the
shared strings whole and a sheet's XML as it streams, so the declared size and the
compression ratio of every part are bounded first (a 2 MB "zip bomb" that would inflate
to 2 GiB is refused in a millisecond), then rows and columns are capped as they are read.
"""

import zipfile
from typing import BinaryIO

from ideas.importer import (
    DEFAULT_LIMITS,
    HEADER_SCAN,
    MB,
    Limits,
    Parsed,
    _bounded,
    _is_header,
    _width,
    cell_text,
    too_many_columns,
)


def check_xlsx(archive: zipfile.ZipFile, limits: Limits = DEFAULT_LIMITS) -> str:
    """Refuses a workbook whose parts would inflate past the limits, from the sizes its
    directory declares (Python's zipfile never inflates a part past its declared size)."""
    members = archive.infolist()
    if len(members) > limits.xlsx_members:
        return f"classeur XLSX refusé : {len(members)} parties (au plus {limits.xlsx_members})"
    total = 0
    for member in members:
        size, packed = member.file_size, max(member.compress_size, 1)
        total += size
        ceiling = limits.xlsx_member_size
        if member.filename.lower().endswith("sharedstrings.xml"):
            ceiling = limits.xlsx_shared_strings
        if size > ceiling:
            return (
                f"classeur XLSX refusé : la partie « {member.filename[:60]} » ferait "
                f"{size // MB} Mo une fois décompressée (au plus {ceiling // MB} Mo)"
            )
        if size > MB and size / packed > limits.xlsx_ratio:
            return (
                f"classeur XLSX refusé : la partie « {member.filename[:60]} » se décompresse "
                f"{size // packed} fois (au plus {limits.xlsx_ratio}) — une « bombe zip » ?"
            )
    if total > limits.xlsx_total_size:
        return (
            f"classeur XLSX refusé : {total // MB} Mo une fois décompressé "
            f"(au plus {limits.xlsx_total_size // MB} Mo)"
        )
    return ""


def _open_workbook(handle: BinaryIO, limits: Limits):
    from openpyxl import load_workbook  # deferred: heavy, only for XLSX files

    with zipfile.ZipFile(handle) as archive:
        refusal = check_xlsx(archive, limits)
    if refusal:
        return None, refusal
    handle.seek(0)
    return load_workbook(handle, read_only=True, data_only=True), ""


def parse_xlsx(handle: BinaryIO, limits: Limits) -> Parsed:
    parsed = Parsed(kind="xlsx", encoding="xlsx")
    try:
        workbook, parsed.fatal = _open_workbook(handle, limits)
        if parsed.fatal:
            return parsed
        sheet = workbook.worksheets[0]
        head = []
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if line > HEADER_SCAN:
                break
            if _width(values) > limits.columns:
                parsed.fatal = too_many_columns(_width(values), limits)
                workbook.close()
                return parsed
            head.append((line, list(values)))
    except Exception as exc:  # a corrupt workbook raises anything from zipfile to KeyError
        parsed.fatal = f"classeur XLSX illisible ({type(exc).__name__})"
        return parsed
    header = next(((line, v) for line, v in head if _is_header(v)[0]), None)
    if header is None:
        parsed.fatal = "aucune ligne d'en-tête reconnue dans la première feuille"
        workbook.close()
        return parsed
    parsed.header_line, values = header
    parsed.headers = [cell_text(v).strip() for v in values[: _width(values)]]
    parsed.assign(None)

    def records():
        line = parsed.header_line
        try:
            iterator = sheet.iter_rows(
                min_row=parsed.header_line + 1, max_col=limits.columns, values_only=True
            )
            for line, values in enumerate(iterator, start=parsed.header_line + 1):
                yield line, list(values), ""
        except Exception as exc:
            yield line + 1, None, f"suite du classeur illisible : {type(exc).__name__}"
        finally:
            workbook.close()

    parsed.records = _bounded(records(), limits)
    return parsed
