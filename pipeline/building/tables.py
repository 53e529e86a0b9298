"""Models → tidy tables, and each table's Table Schema, from one walk over the model's shapes.

Rules (DESIGN.md "Outputs"): scalars are columns; a nested model becomes prefixed columns
(`value_amount`); a list of scalars is a Table Schema v2 `list` field joined by ';'; a list of
models is a child table `<singular>_<field>` keyed by (`<singular>_id`, `position`); an EDTF field
also gets `<field>_earliest` and `<field>_latest` dates. Foreign keys come from the field types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

import pycountry
from pydantic import BaseModel

from schema.edtf import iso_bounds
from schema.introspect import Shape, shapes
from schema.registry import BY_NAME, TABLES, Table
from schema.rules import event_date
from schema.types import LIST_DELIMITER, SLUG, known_country_codes
from schema.vocab import ORDERED_VOCABULARIES

Row = dict[str, Any]  # column → Python value (str, int, Decimal, bool, date, list) or None


@dataclass
class TableOut:
    name: str
    description: str
    fields: list[dict[str, Any]] = field(default_factory=list)
    primary_key: list[str] = field(default_factory=list)
    foreign_keys: list[dict[str, Any]] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


_TYPES: dict[type, str] = {str: "string", int: "integer", Decimal: "number", bool: "boolean", date: "date"}


def _field(name: str, shape: Shape | None, *, type_: str | None = None, description: str = "",
           required: bool | None = None) -> dict[str, Any]:
    """One Table Schema field descriptor; `required` overrides the shape's (a nested model's field
    is required only where the nested model itself is)."""
    out: dict[str, Any] = {"name": name}
    constraints: dict[str, Any] = {}
    if shape is not None:
        description = description or shape.description
        required = shape.required if required is None else required
        if shape.many:
            out.update(type="list", delimiter=LIST_DELIMITER,
                       itemType="string" if shape.enum else _TYPES[shape.base])
        else:
            out["type"] = "string" if shape.enum else _TYPES[shape.base]
        if shape.enum:
            # For a list field the vocabulary goes in the description: v2 has no item constraints.
            if shape.many:
                description += f" Each item one of: {', '.join(shape.enum)}."
            else:
                constraints["enum"] = shape.enum
                if shape.base in ORDERED_VOCABULARIES:
                    out["categories"] = shape.enum
                    out["categoriesOrdered"] = True
        if shape.pattern and not shape.many:
            constraints["pattern"] = shape.pattern
        if shape.minimum is not None and not shape.many:  # v2 has no item constraints for lists
            constraints["minimum"] = shape.minimum
        if shape.exclusive_minimum is not None and not shape.many:
            constraints["exclusiveMinimum"] = shape.exclusive_minimum
    else:
        out["type"] = type_
    if required:
        constraints["required"] = True
    out["description"] = description
    if constraints:
        out["constraints"] = constraints
    return out


class _Walker:
    """Collects the columns of a table (and its child tables) for one model class."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.parent_key = f"{table.singular}_{table.key}"  # visit_id, country_code

    def columns(self, model: type[BaseModel], prefix: str = "", required: bool = True) -> list[tuple[str, Shape, bool]]:
        """(column name, shape, is-required) for the flat part of a model."""
        out = []
        for shape in shapes(model):
            name = prefix + shape.name
            if shape.is_model and not shape.many:
                out += self.columns(shape.base, name + "_", required and shape.required)
            elif not (shape.is_model and shape.many):
                out.append((name, shape, required and shape.required))
        return out

    def children(self, model: type[BaseModel]) -> list[Shape]:
        return [s for s in shapes(model) if s.is_model and s.many]


def _schema_fields(columns: list[tuple[str, Shape, bool]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    fields, fks = [], []
    for name, shape, required in columns:
        fields.append(_field(name, shape, required=required))
        if shape.edtf:
            fields.append(_field(f"{name}_earliest", None, type_="date",
                                 description=f"Earliest day '{name}' allows (derived; empty if open or unknown)."))
            fields.append(_field(f"{name}_latest", None, type_="date",
                                 description=f"Latest day '{name}' allows (derived; empty if open or unknown)."))
        if shape.foreign_key:
            fks.append(_foreign_key(name, shape.foreign_key))
    return fields, fks


def _event_date_fields(paths: tuple[str, ...]) -> list[dict[str, Any]]:
    order = ", else ".join(p.replace(".0.", " of the first of ").replace("deliveries of the first of date", "the first delivery") for p in paths)
    value = _field("event_date", None, type_="string", required=True,
                   description=f"The date that places the event in time (derived, EDTF): {order}. Bin by its bounds.")
    source = _field("event_date_field", None, type_="string", required=True,
                    description="The field event_date was taken from.")
    source["constraints"]["enum"] = list(paths)
    return [
        value, source,
        _field("event_date_earliest", None, type_="date", description="Earliest day event_date allows (derived)."),
        _field("event_date_latest", None, type_="date", description="Latest day event_date allows (derived)."),
    ]


def _event_date_cells(model: BaseModel) -> Row:
    found = event_date(model)
    if found is None:  # the check refuses undated events; a build never gets here
        raise ValueError(f"{getattr(model, 'id', model)!r} has no date")
    path, value = found
    earliest, latest = iso_bounds(value)
    return {"event_date": value, "event_date_field": path, "event_date_earliest": earliest, "event_date_latest": latest}


def event_date_json(model: BaseModel) -> dict[str, Any]:
    """The derived event date for a nested JSON record: ISO text, nothing for a model without one."""
    if not getattr(type(model), "EVENT_DATE", None):
        return {}
    cells = _event_date_cells(model)
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in cells.items() if v is not None}


def _foreign_key(column: str, table: str) -> dict[str, Any]:
    return {"fields": [column], "reference": {"resource": table, "fields": [BY_NAME[table].key]}}


def _value(model: BaseModel, column_path: list[str]) -> Any:
    value: Any = model
    for step in column_path:
        value = getattr(value, step, None) if value is not None else None
    return value


# One column as _cells reads it: its name, the attribute for a top-level column (else None), the path
# through nested models, and whether it is an EDTF date (which gets _earliest and _latest beside it).
Plan = tuple[tuple[str, str | None, list[str], bool], ...]


def _plan(columns: list[tuple[str, Shape, bool]], paths: dict[str, list[str]]) -> Plan:
    return tuple((name, paths[name][0] if len(paths[name]) == 1 else None, paths[name], shape.edtf)
                 for name, shape, _ in columns)


def _cells(model: BaseModel, plan: Plan) -> Row:
    """One row's typed values. Per-cell work is kept to a minimum: 450,000 cells at 20,000 records."""
    row: Row = {}
    for name, attr, path, edtf in plan:
        value = getattr(model, attr, None) if attr is not None else _value(model, path)
        if value is None or type(value) is str:
            pass  # most cells
        elif isinstance(value, StrEnum):
            value = value._value_  # the member's own attribute: `.value` is a slow descriptor
        elif type(value) is list:
            value = [v._value_ if isinstance(v, StrEnum) else v for v in value]
        row[name] = value
        if edtf:
            row[f"{name}_earliest"], row[f"{name}_latest"] = iso_bounds(value) if value is not None else (None, None)
    return row


def _paths(model: type[BaseModel], prefix: list[str] | None = None) -> dict[str, list[str]]:
    """Column name → attribute path, mirroring _Walker.columns."""
    prefix = prefix or []
    out: dict[str, list[str]] = {}
    for shape in shapes(model):
        if shape.is_model and not shape.many:
            out.update(_paths(shape.base, prefix + [shape.name]))
        elif not (shape.is_model and shape.many):
            out["_".join(prefix + [shape.name])] = prefix + [shape.name]
    return out


def _record_tables(table: Table, models: list[BaseModel]) -> list[TableOut]:
    walker = _Walker(table)
    columns = walker.columns(table.model)
    plan = _plan(columns, _paths(table.model))
    fields, fks = _schema_fields(columns)
    dated = bool(getattr(table.model, "EVENT_DATE", None))
    if dated:
        fields += _event_date_fields(table.model.EVENT_DATE)  # type: ignore[attr-defined]
    main = TableOut(table.name, table.description, fields, [table.key], fks)
    ordered = sorted(models, key=lambda m: getattr(m, table.key))
    main.rows = [_cells(m, plan) | (_event_date_cells(m) if dated else {}) for m in ordered]
    out = [main]
    for child in walker.children(table.model):
        child_columns = walker.columns(child.base)
        child_plan = _plan(child_columns, _paths(child.base))
        cfields, cfks = _schema_fields(child_columns)
        key_field = _field(walker.parent_key, None, type_="string", required=True,
                           description=f"The {table.singular} this row belongs to.")
        position = _field("position", None, type_="integer", required=True,
                          description="Order within the record, from 1.")
        position["constraints"]["minimum"] = 1
        name = f"{table.singular}_{child.name}"
        sub = TableOut(
            name,
            f"{child.description} One row per item; child of {table.name}.",
            [key_field, position] + cfields,
            [walker.parent_key, "position"],
            [_foreign_key(walker.parent_key, table.name)] + cfks,
        )
        for m in ordered:
            for i, item in enumerate(getattr(m, child.name) or [], start=1):
                sub.rows.append({walker.parent_key: getattr(m, table.key), "position": i,
                                 **_cells(item, child_plan)})
        out.append(sub)
    return out


# Columns of the countries table that come from ISO (pycountry), not from a record.
_ISO_COLUMNS = [
    ("code", "string", "ISO 3166-1 alpha-3 code, or ISO 3166-3 code of a former state. Join on it."),
    ("name", "string", "Short name: ours where a record gives one, else ISO's."),
    ("iso_name", "string", "Name in ISO 3166 (as pycountry gives it)."),
    ("iso_alpha_2", "string", "ISO 3166-1 alpha-2 code; empty for former states."),
    ("iso_numeric", "string", "ISO 3166-1 numeric code, as three digits; empty for former states."),
    ("former", "boolean", "True for a state that no longer exists (ISO 3166-3)."),
    ("iso_withdrawn", "string", "Year or date ISO withdrew a former state's code."),
]


def _countries(models: list[BaseModel]) -> list[TableOut]:
    table = BY_NAME["countries"]
    crosswalk = {m.code: m for m in models}
    walker = _Walker(table)
    extra = [(n, s, r) for n, s, r in walker.columns(table.model) if n not in ("code", "name")]
    plan = _plan(extra, _paths(table.model))
    fields = [_field(n, None, type_=t, description=d, required=n in ("code", "name", "iso_name", "former"))
              for n, t, d in _ISO_COLUMNS]
    fields[0]["constraints"]["pattern"] = "^[A-Z]{3}$"
    extra_fields, _ = _schema_fields(extra)
    main = TableOut("countries", table.description, fields + extra_fields, ["code"], [])
    current = {c.alpha_3: c for c in pycountry.countries}
    former = {c.alpha_3: c for c in pycountry.historic_countries}
    for code, iso_name in sorted(known_country_codes().items()):
        iso = current.get(code)
        record = crosswalk.get(code)
        row: Row = {
            "code": code,
            "name": (record.name if record and record.name else None) or iso_name,
            "iso_name": iso_name,
            "iso_alpha_2": iso.alpha_2 if iso else None,
            "iso_numeric": iso.numeric if iso else None,
            "former": iso is None,
            "iso_withdrawn": getattr(former.get(code), "withdrawal_date", None) if iso is None else None,
        }
        row.update(_cells(record, plan) if record else {n: None for n, _, _ in extra})
        main.rows.append(row)
    children = _record_tables(table, models)[1:]
    return [main] + children


def build_tables(models_by_table: dict[str, list[BaseModel]]) -> list[TableOut]:
    """Every output table, in a fixed order: the five record tables, each followed by its children."""
    out: list[TableOut] = []
    for table in TABLES:
        models = models_by_table.get(table.name, [])
        out += _countries(models) if table.name == "countries" else _record_tables(table, models)
    return out


__all__ = ["TableOut", "build_tables", "SLUG"]
