"""CSV and XLSX downloads shared by every app's exports (formulas neutralised)."""

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from functools import wraps
from io import BytesIO

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.views.decorators.http import require_safe
from openpyxl import Workbook

from alliance.text import csv_safe


class _Echo:
    def write(self, value):
        return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence]
) -> StreamingHttpResponse:
    """Streams a UTF-8 (with BOM, for spreadsheet software) CSV download."""
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow([csv_safe(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence], *, sheet: str = "Données"
) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append([csv_safe(value) for value in row])
    response = HttpResponse(
        # The same bytes for the same rows: a HEAD's Content-Length is its GET's.
        _same_bytes_for_same_data(workbook, None),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Open data ----------------------------------------------------------------
# Every public download answers GET and HEAD, carries an ETag and Last-Modified, honours
# conditional requests with 304 and may be read from any origin. Bodies are built whole
# before the first byte: a failing query is a 500, never a file cut after its header.

OPEN_CSV_HELP = "UTF-8, « , » comme séparateur, point décimal, dates ISO 8601"
EXCEL_CSV_HELP = "UTF-8 avec BOM, « ; » comme séparateur, virgule décimale (Excel en français)"


def wants_excel(request: HttpRequest) -> bool:
    return request.GET.get("variante") == "excel"


def _excel_cell(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    return value


def open_csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence], *, excel: bool = False
) -> HttpResponse:
    """The open-data CSV: the standard convention (RFC 4180, UTF-8 without BOM, comma,
    decimal point), or with `excel` the French-Excel variant (BOM, `;`, decimal comma)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        cells = [csv_safe(value) for value in row]
        writer.writerow([_excel_cell(c) for c in cells] if excel else cells)
    body = ("\ufeff" if excel else "") + buffer.getvalue()
    response = HttpResponse(body.encode(), content_type="text/csv; charset=utf-8")
    if excel:
        filename = filename.replace(".csv", "-excel.csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def stamp(response: HttpResponse, moment: datetime | None) -> HttpResponse:
    """Marks a download with the time its data last changed (Last-Modified)."""
    if moment is not None:
        response["Last-Modified"] = http_date(moment.timestamp())
    return response


def open_download(view):
    """GET and HEAD, ETag (a digest of the body), Last-Modified, 304 and CORS for GET."""

    @wraps(view)
    @require_safe
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.streaming:
            return response
        body = response.content
        etag = quote_etag(hashlib.sha256(body).hexdigest()[:32])
        response["ETag"] = etag
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Content-Disposition"
        response.setdefault("Cache-Control", "public, max-age=300")
        modified = parse_http_date_safe(response.get("Last-Modified", ""))
        response = get_conditional_response(
            request, etag=etag, last_modified=modified, response=response
        )
        if request.method == "HEAD" and response.status_code == 200:
            response["Content-Length"] = str(len(body))
            response.content = b""
        return response

    return wrapper


def _same_bytes_for_same_data(workbook: Workbook, modified: datetime | None) -> bytes:
    """The workbook's bytes without the time of the request (document properties and zip
    entry dates), so that its ETag changes only with its data."""
    moment = modified.astimezone(UTC).replace(tzinfo=None) if modified else STABLE_DATE
    workbook.properties.created = moment
    raw = BytesIO()
    workbook.save(raw)  # sets the "modified" property to now: put the data's date back
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    stable = BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(stable, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, content)
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return stable.getvalue()


STABLE_DATE = datetime(2025, 1, 1)


def xlsx_sheet_response(
    filename: str,
    sheet_title: str,
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    modified: datetime | None = None,
) -> HttpResponse:
    """A typed workbook: numbers stay numbers, dates are dates (local time, as Excel has no
    time zones), one named sheet with a frozen header row."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.freeze_panes = "A2"
    sheet.append(list(header))
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
    response = HttpResponse(
        _same_bytes_for_same_data(workbook, modified),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_cell(value):
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return csv_safe(value)
