"""CSV downloads that a spreadsheet opens safely.

A cell that starts like a formula (``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) would be run by a spreadsheet: it gets a leading quote.
"""

import csv
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """``value``, with a quote in front if a spreadsheet would run it."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return f"'{value}"
    return value


def csv_row(row: Iterable[Any]) -> list[Any]:
    return [csv_cell(cell) for cell in row]


def csv_response(rows: Iterable[Iterable[Any]], filename: str) -> HttpResponse:
    """A download of ``rows`` named ``filename``."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    for row in rows:
        writer.writerow(csv_row(row))
    return response
