"""One CSV cell → the Python value its Table Schema type means; the one home of that rule for the exports."""

from __future__ import annotations

from datetime import date
from typing import Any


def typed(field: dict[str, Any], text: str) -> Any:
    """int, float, bool, date, a list (of int where itemType says so) or text; the empty cell is None."""
    if text == "":
        return None
    kind = field["type"]
    if kind in ("integer", "year"):
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        return text == "true"
    if kind == "date":
        return date.fromisoformat(text)
    if kind == "list":
        items = text.split(field.get("delimiter", ","))
        return [int(x) for x in items] if field.get("itemType") == "integer" else items
    return text
