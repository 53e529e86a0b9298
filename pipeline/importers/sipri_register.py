"""Reading SIPRI's Trade Register extract: one `RegisterRow` per row, as the register states it.

The CSV (SIPRI's export, UTF-8) starts with a few lines of notes, then a header. Columns are read by
position and only the first thirteen: the last three carry trend-indicator values (TIV), which SIPRI
does not allow us to republish, so they are never read at all. A '?' in the unnamed column after the
order year, the number ordered or the number delivered marks that value as uncertain.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

# The first thirteen header cells, as SIPRI writes them (the '?' columns have blank names).
HEADER = ("Recipient", "Supplier", "Year of order", "", "Number ordered", "", "Weapon designation",
          "Weapon description", "Number delivered", "", "Year(s) of delivery", "status", "Comments")
CONDITIONS = {"New": "new", "Second hand": "second_hand", "Second hand but modernized": "second_hand_modernised"}


class ExtractError(ValueError):
    """The file is not a Trade Register extract in the layout this importer knows."""


@dataclass(frozen=True)
class RegisterRow:
    line: int  # line in the extract, for messages only (it is not a stable reference)
    recipient: str  # SIPRI's names, e.g. 'India', 'Soviet Union'
    supplier: str
    order_year: int
    order_year_uncertain: bool
    ordered: int | None
    ordered_uncertain: bool
    designation: str
    description: str
    delivered: int | None  # None where no deliveries are identified (empty or 0)
    delivered_uncertain: bool
    delivery_years: tuple[int, ...]
    condition: str  # new, second_hand, second_hand_modernised
    comment: str | None

    @property
    def shown(self) -> str:
        """The row as a curator finds it in the register: pair, order year and designation."""
        year = f"{self.order_year}{'?' if self.order_year_uncertain else ''}"
        return f"{self.supplier} → {self.recipient}, ordered {year}, {self.designation}"


def _int(text: str, what: str, line: int) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise ExtractError(f"line {line}: {what} {text!r} is not a whole number")
    return int(text)


def _row(cells: list[str], line: int) -> RegisterRow:
    if len(cells) < len(HEADER):
        raise ExtractError(f"line {line}: {len(cells)} columns, expected at least {len(HEADER)}")
    recipient, supplier, year, year_q, ordered, ordered_q, designation, description, delivered, delivered_q, \
        years, status, comment = (c.strip() for c in cells[: len(HEADER)])
    if status not in CONDITIONS:
        raise ExtractError(f"line {line}: status {status!r} is not one of {', '.join(CONDITIONS)}")
    order_year = _int(year, "year of order", line)
    if order_year is None:
        raise ExtractError(f"line {line}: no year of order")
    delivery_years = tuple(sorted({_int(y, "year of delivery", line) or 0 for y in years.split(";") if y.strip()}))
    count = _int(delivered, "number delivered", line)
    return RegisterRow(
        line=line, recipient=recipient, supplier=supplier,
        order_year=order_year, order_year_uncertain=year_q == "?",
        ordered=_int(ordered, "number ordered", line) or None, ordered_uncertain=ordered_q == "?",
        designation=designation, description=description,
        delivered=count or None, delivered_uncertain=delivered_q == "?",
        delivery_years=delivery_years, condition=CONDITIONS[status], comment=comment or None,
    )


def read_extract(path: Path) -> list[RegisterRow]:
    """Every row of the extract, in file order; raises ExtractError on an unknown layout."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise ExtractError(f"{path}: cannot read it as UTF-8 text ({err})") from None
    start = next((i for i, text in enumerate(lines) if text.startswith("Recipient,Supplier,")), None)
    if start is None:
        raise ExtractError(f"{path}: no header line starting 'Recipient,Supplier,'")
    rows = list(csv.reader(lines[start:]))
    header = tuple(cell.strip() for cell in rows[0][: len(HEADER)])
    if header != HEADER:
        raise ExtractError(f"{path}: header {header} differs from the expected {HEADER}")
    return [_row(cells, start + 1 + i) for i, cells in enumerate(rows[1:], start=1) if any(c.strip() for c in cells)]
