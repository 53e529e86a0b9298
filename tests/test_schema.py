"""Invariants of the schema as code."""

from __future__ import annotations

import pytest

from schema.common import Strict
from schema.introspect import shapes
from schema import rules
from schema.registry import TABLES
from schema.types import known_country_codes


def _models() -> list[type[Strict]]:
    found: list[type[Strict]] = []
    todo = [t.model for t in TABLES]
    while todo:
        model = todo.pop()
        if model not in found:
            found.append(model)
            todo += [s.base for s in shapes(model) if s.is_model]
    return found


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.__name__)
def test_every_field_has_a_description(model: type[Strict]) -> None:
    assert [s.name for s in shapes(model) if len(s.description) < 10] == []


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.__name__)
def test_models_forbid_unknown_fields(model: type[Strict]) -> None:
    assert model.model_config["extra"] == "forbid"


def test_former_states_are_known_and_iso_wins_a_clash() -> None:
    codes = known_country_codes()
    assert codes["SUN"].startswith("USSR") and codes["PAK"] == "Pakistan"
    assert codes["ATF"] == "French Southern Territories"  # ISO 3166-3 reuses ATF for a former entity


def test_table_keys_are_fields_of_their_models() -> None:
    for table in TABLES:
        assert table.key in table.model.model_fields


class _Untouchable:
    """A record of another table whose model no rule may look at."""

    def __init__(self, table: str) -> None:
        self.table = type("T", (), {"name": table, "key": "id"})()
        self.path = f"records/{table}/x.yaml"

    @property
    def model(self) -> object:
        raise AssertionError(f"a rule read the model of a {self.table.name} record")

    key = "x"

    def problem(self, loc: object, message: str) -> str:
        return message


@pytest.mark.parametrize("rule", [r for r in rules.RECORD_RULES if hasattr(r, "tables")], ids=lambda r: r.__name__)
def test_a_one_record_rule_skipped_for_a_table_never_looks_at_its_records(rule: rules.Rule) -> None:
    others = [t.name for t in TABLES if t.name not in rule.tables]  # type: ignore[attr-defined]
    assert others
    assert list(rule([_Untouchable(name) for name in others])) == []
