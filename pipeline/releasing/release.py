"""`build.py release`: work out the SemVer bump since the last release and make the release.

The last release is the newest releases/<version>.json; what it published is dist/json at the commit
that added that manifest (found with `git log`, no tag needed). The comparison is between what was
published then and what would be published now, so it works across a schema change too (the old
records need not load with today's models); fields a schema change added or removed are reported once,
by the schema comparison, not as a change to every record.
A release sets the version in pyproject.toml (the one place the build reads it), rebuilds dist/,
writes releases/<version>.json and the version's CHANGELOG.md section. With no manifest yet it makes
the first release, keeping the version pyproject.toml gives.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import tomlkit

from pipeline.building import generated
from pipeline.building.build_state import Build
from pipeline.building.publish import publish
from pipeline.building.write import render, version
from pipeline.reading.problems import ProblemsFound
from pipeline.reading.read import Records
from pipeline.reading.tree import GitError, git
from pipeline.releasing import changelog, diff, manifests, versioning
from schema.registry import TABLES


def set_version(root: Path, new: str) -> None:
    path = root / "pyproject.toml"
    document = tomlkit.parse(path.read_text(encoding="utf-8"))
    if document["project"]["version"] != new:  # type: ignore[index]
        document["project"]["version"] = new  # type: ignore[index]
        path.write_text(tomlkit.dumps(document), encoding="utf-8")


def _retired_ids(records: Records) -> list[str]:
    return [e.id for e in records.retired.model.retired] if records.retired else []


def _publish(root: Path, records: Records, new_version: str, date: str, section: str | None) -> None:
    """Write everything a release changes; the package is rendered in full before anything is written."""
    set_version(root, new_version)
    files = render(root, records, release_date=date)
    extra = generated.render(Build(root, records, files))
    manifest = manifests.make(new_version, date, files, _retired_ids(records))
    if section is None:  # the first release: its section describes the whole package
        section = changelog.first_section(new_version, date, files)
    log = root / changelog.PATH
    text = changelog.upsert(log.read_text(encoding="utf-8") if log.exists() else None, new_version, section)
    publish(root, files, {**extra, manifests.path(new_version): manifests.encode(manifest),
                          changelog.PATH: text.encode("utf-8")})


def _fields_added_or_removed(before: diff.Views, after: diff.Views) -> dict[str, set[str]]:
    """Per table, the top-level fields found on one side only: a schema change, which compare_schemas
    reports once, rather than a change to every record."""
    def fields(views: dict[str, diff.Flat]) -> set[str]:
        return {path.split(".", 1)[0].split("[", 1)[0] for flat in views.values() for path in flat}
    return {t: fields(before.get(t, {})) ^ fields(after.get(t, {})) for t in before.keys() | after.keys()}


_SCOPE_FILES = ("csv/scope.csv", "csv/scope_gaps.csv")


def _shown(root: Path, commit: str, path: str) -> bytes | None:
    """A file as a release published it; None where that release had no such file (scope_gaps before 2.3.0)."""
    try:
        return git(root, "show", f"{commit}:{path}")
    except GitError:
        return None


def run(root: Path, records: Records, dry_run: bool, date: str | None = None) -> int:
    """0 released (or proposed, or nothing to release), 2 the comparison could not be made."""
    date = date or datetime.now(UTC).date().isoformat()
    try:
        last = manifests.last(root)
    except ProblemsFound as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 2
    if last is None:
        current = version(root)
        print(f"release: first release {current}: there is no releases/*.json yet, so the version stays "
              "as pyproject.toml gives it")
        if not dry_run:
            _publish(root, records, current, date, None)
            print(f"release: wrote dist/, {manifests.path(current)} and the {current} section of {changelog.PATH}")
        return 0
    try:
        commit = manifests.commit_of(root, last.version)
        published = {f"json/{t.name}.json": git(root, "show", f"{commit}:dist/json/{t.name}.json") for t in TABLES}
        published |= {name: _shown(root, commit, f"dist/{name}") for name in _SCOPE_FILES}
    except GitError as err:
        print(f"release: {err}", file=sys.stderr)
        return 2
    files = render(root, records)
    before, after = diff.published_views(published), diff.published_views(files)
    before["scope"] = diff.scope_view(*(published[name] for name in _SCOPE_FILES))
    after["scope"] = diff.scope_view(*(files.get(name) for name in _SCOPE_FILES))
    diffs = diff.compare_views(before, after, ignore=_fields_added_or_removed(before, after))
    descriptor = json.loads(files["datapackage.json"])
    changes = versioning.compare_schemas(last.package, descriptor) + versioning.record_changes(diffs)
    level = versioning.bump(changes)
    if level is None:
        print(f"release: nothing changed since {last.version}; no release")
        return 0
    new_version = versioning.next_version(manifests.parse_version(last.version), level)
    print(f"release: {last.version} → {new_version} ({level.name})")
    for change in sorted(changes, key=lambda c: -c.bump):
        print(f"  {change.bump.name:5} {change.reason}")
    if not dry_run:
        section = changelog.section(new_version, date, level, changes, diff.markdown(diffs, diff.retirements(records)))
        _publish(root, records, new_version, date, section)
        print(f"release: wrote pyproject.toml, dist/, {manifests.path(new_version)} and the {new_version} "
              f"section of {changelog.PATH}")
    return 0
