"""What each model field is, read from its type once, for the writers, the docs and the errors."""

from __future__ import annotations

import functools
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

import annotated_types
from pydantic import BaseModel

from schema.types import EdtfMarker, ForeignKey, SchemaPattern, Shorthand


@dataclass(frozen=True)
class Shape:
    name: str
    base: type  # str, int, Decimal, bool, a StrEnum or a model
    many: bool  # a list of base
    required: bool
    description: str
    foreign_key: str | None = None
    edtf: bool = False
    pattern: str | None = None
    minimum: int | Decimal | None = None
    exclusive_minimum: int | Decimal | None = None
    min_items: int | None = None
    nullable: bool = False  # a blank value (`end:`) is accepted as absent
    shorthand: str | None = None  # a list item may be written as this field's value alone
    default: str | int | bool | None = None  # what an optional field left out stands for

    @property
    def is_model(self) -> bool:
        return isinstance(self.base, type) and issubclass(self.base, BaseModel)

    @property
    def enum(self) -> list[str] | None:
        return [m.value for m in self.base] if issubclass(self.base, StrEnum) else None


def _unwrap(annotation: object, metadata: list[object]) -> tuple[type, bool, list[object], list[object]]:
    """Peel Optional, list and Annotated; return base type, is-list, field and item metadata."""
    many, item_meta = False, []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            args = typing.get_args(annotation)
            for extra in args[1:]:  # a Field(...) inside Annotated carries its constraints in .metadata
                (item_meta if many else metadata).extend(getattr(extra, "metadata", None) or [extra])
            annotation = args[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        elif origin is list:
            many, annotation = True, typing.get_args(annotation)[0]
        else:
            return annotation, many, metadata, item_meta  # type: ignore[return-value]


def _plain(value: object) -> str | int | bool | None:
    return value.value if isinstance(value, StrEnum) else value  # type: ignore[return-value]


def _allows_none(annotation: object) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType) and type(None) in typing.get_args(annotation)


# Shared fields that the Record base declares first but that read best last in every table.
_LAST = ("sources", "notes")


def shapes(model: type[BaseModel]) -> list[Shape]:
    """The model's fields in table order: its own first, then citations and notes."""
    return list(_shapes(model))


@functools.cache  # models are classes fixed at import: read each once, not once per record
def _shapes(model: type[BaseModel]) -> tuple[Shape, ...]:
    result = []
    for name, info in model.model_fields.items():
        base, many, meta, item_meta = _unwrap(info.annotation, list(info.metadata))
        value_meta = item_meta if many else meta
        fk = next((m.table for m in value_meta if isinstance(m, ForeignKey)), None)
        result.append(
            Shape(
                name=name,
                base=base,
                many=many,
                required=info.is_required(),
                description=info.description or "",
                foreign_key=fk,
                edtf=any(isinstance(m, EdtfMarker) for m in value_meta),
                pattern=next((m.regex for m in value_meta if isinstance(m, SchemaPattern)), None)
                or next((m.pattern for m in value_meta if getattr(m, "pattern", None)), None),
                minimum=next((m.ge for m in value_meta if isinstance(m, annotated_types.Ge)), None),
                exclusive_minimum=next((m.gt for m in value_meta if isinstance(m, annotated_types.Gt)), None),
                min_items=next((m.min_length for m in meta if isinstance(m, annotated_types.MinLen)), None)
                if many
                else None,
                nullable=_allows_none(info.annotation),
                default=None if info.is_required() else _plain(info.default),
                shorthand=next((m.func.key for m in item_meta if isinstance(getattr(m, "func", None), Shorthand)), None),
            )
        )
    return tuple(sorted(result, key=lambda s: _LAST.index(s.name) + 1 if s.name in _LAST else 0))


def field_names(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """Field names of the (nested) model reached by following `loc`, for 'did you mean' hints."""
    for step in loc:
        if isinstance(step, int):
            continue
        shape = next((s for s in _shapes(model) if s.name == step), None)
        if shape is None or not shape.is_model:
            return []
        model = shape.base
    return list(model.model_fields)
