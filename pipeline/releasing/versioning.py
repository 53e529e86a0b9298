"""Which SemVer bump a change needs, per the Data Package Version recipe as DESIGN.md applies it.

MAJOR: a resource or field removed, renamed (removed + added) or retyped; a stricter constraint (a
removed enum value, a new required field or constraint, a new or changed pattern, a higher minimum);
a changed primary key; a published record removed (a join on its id stops matching, even with the
`retired` table to map it). MINOR: new resources, fields or records, or a looser constraint.
PATCH: corrected values only. The schema comparison is a pure function of two package descriptors.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from pipeline.releasing.diff import TableDiff


class Bump(IntEnum):
    PATCH = 1
    MINOR = 2
    MAJOR = 3


@dataclass(frozen=True)
class Change:
    bump: Bump
    reason: str


# A field's type is these together: a change to any breaks readers.
_TYPE_KEYS = ("type", "format", "itemType", "delimiter")
_STRICTER_WHEN_HIGHER = ("minimum", "exclusiveMinimum", "minLength")
_STRICTER_WHEN_LOWER = ("maximum", "exclusiveMaximum", "maxLength")
_FLAGS = ("required", "unique")


def _tables(descriptor: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["name"]: r["schema"] for r in descriptor.get("resources", []) if isinstance(r.get("schema"), dict)}


def _values(old: list[Any], new: list[Any], where: str, what: str) -> list[Change]:
    out = []
    if removed := [v for v in old if v not in new]:
        out.append(Change(Bump.MAJOR, f"{where}: {what} no longer allows {', '.join(map(str, removed))}"))
    if added := [v for v in new if v not in old]:
        out.append(Change(Bump.MINOR, f"{where}: {what} now also allows {', '.join(map(str, added))}"))
    return out


def _constraint(key: str, old: Any, new: Any, where: str) -> list[Change]:
    if old == new:
        return []
    if key == "enum":
        if old is None:
            return [Change(Bump.MAJOR, f"{where}: values now limited to {', '.join(map(str, new))}")]
        if new is None:
            return [Change(Bump.MINOR, f"{where}: values no longer limited to a list")]
        return _values(old, new, where, "enum")
    if key in _FLAGS:
        return [Change(Bump.MAJOR if new else Bump.MINOR, f"{where}: {'now' if new else 'no longer'} {key}")]
    if key in _STRICTER_WHEN_HIGHER + _STRICTER_WHEN_LOWER and old is not None and new is not None:
        stricter = new > old if key in _STRICTER_WHEN_HIGHER else new < old
        return [Change(Bump.MAJOR if stricter else Bump.MINOR, f"{where}: {key} {old} → {new}")]
    if new is None:
        return [Change(Bump.MINOR, f"{where}: {key} constraint removed")]
    # A new constraint, or a changed pattern: no telling it is looser, so take it as stricter.
    return [Change(Bump.MAJOR, f"{where}: {key} {'added' if old is None else 'changed'}: {new}")]


def _field(old: dict[str, Any], new: dict[str, Any], where: str) -> list[Change]:
    for key in _TYPE_KEYS:
        if old.get(key) != new.get(key):
            return [Change(Bump.MAJOR, f"{where}: retyped ({key} {old.get(key)} → {new.get(key)})")]
    out = []
    before, after = old.get("constraints", {}), new.get("constraints", {})
    for key in sorted(before.keys() | after.keys()):
        out += _constraint(key, before.get(key), after.get(key), where)
    if old.get("categories") != new.get("categories"):
        was, now = old.get("categories") or [], new.get("categories") or []
        if new.get("categoriesOrdered") and [v for v in was if v in now] != [v for v in now if v in was]:
            out.append(Change(Bump.MAJOR, f"{where}: ordered categories reordered"))
        if not (before.get("enum") or after.get("enum")):  # ours mirror the enum, already compared
            out += _values(was, now, where, "categories")
    return out


def compare_schemas(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """The changes between two package descriptors' table schemas, each with the bump it needs."""
    before, after = _tables(old), _tables(new)
    out = [Change(Bump.MAJOR, f"resource '{n}' removed") for n in sorted(before.keys() - after.keys())]
    out += [Change(Bump.MINOR, f"resource '{n}' added") for n in sorted(after.keys() - before.keys())]
    for name in sorted(before.keys() & after.keys()):
        old_fields = {f["name"]: f for f in before[name].get("fields", [])}
        new_fields = {f["name"]: f for f in after[name].get("fields", [])}
        for f in sorted(old_fields.keys() - new_fields.keys()):
            out.append(Change(Bump.MAJOR, f"{name}.{f}: field removed (or renamed)"))
        for f in sorted(new_fields.keys() - old_fields.keys()):
            required = new_fields[f].get("constraints", {}).get("required", False)
            out.append(Change(Bump.MAJOR if required else Bump.MINOR,
                              f"{name}.{f}: {'required ' if required else ''}field added"))
        for f in sorted(old_fields.keys() & new_fields.keys()):
            out += _field(old_fields[f], new_fields[f], f"{name}.{f}")
        old_key, new_key = before[name].get("primaryKey"), after[name].get("primaryKey")
        if old_key != new_key:
            out.append(Change(Bump.MAJOR, f"{name}: primary key {old_key} → {new_key}"))
        old_fks, new_fks = before[name].get("foreignKeys", []), after[name].get("foreignKeys", [])
        out += [Change(Bump.MAJOR, f"{name}: foreign key {fk['fields']} added") for fk in new_fks if fk not in old_fks]
        out += [Change(Bump.MINOR, f"{name}: foreign key {fk['fields']} removed") for fk in old_fks if fk not in new_fks]
    return out


def record_changes(diffs: list[TableDiff]) -> list[Change]:
    """Records (and the scope's claims: a claim dropped removes panel values, a new one adds them, a changed one
    changes which counts are numbers) removed, added and changed."""
    out = []
    for d in diffs:
        what, changed = ("claim(s)", "changed") if d.table == "scope" else ("record(s)", "corrected")
        if d.removed:
            removed = ", ".join(d.removed)
            out.append(Change(Bump.MAJOR, f"{d.table}: {len(d.removed)} published {what} removed: {removed}"))
        if d.added:
            out.append(Change(Bump.MINOR, f"{d.table}: {len(d.added)} {what} added"))
        if d.changed:
            out.append(Change(Bump.PATCH, f"{d.table}: {len(d.changed)} {what} {changed}: {', '.join(d.changed)}"))
    return out


def bump(changes: list[Change]) -> Bump | None:
    return max((c.bump for c in changes), default=None)


def next_version(version: tuple[int, int, int], level: Bump) -> str:
    major, minor, patch = version
    if level is Bump.MAJOR:
        return f"{major + 1}.0.0"
    if level is Bump.MINOR:
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"
