"""Release manifests: releases/<version>.json, committed, one per release.

A manifest is how a fresh clone knows what was released without git tags: the version, the date,
every id per table, the ids retired so far, and each table's schema (field names, types and
constraints, from dist/datapackage.json without descriptions). `check` compares the records with
the newest manifest (ids never vanish silently); `release` compares the schemas to classify changes.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.reading.problems import Problem, ProblemsFound
from pipeline.reading.tree import GitError, git
from schema.registry import TABLES

FOLDER = "releases"
_SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
# What a release keeps of a field: enough to tell a stricter schema from a looser one.
_FIELD_KEYS = ("name", "type", "format", "itemType", "delimiter", "categories", "categoriesOrdered", "constraints")


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    date: str
    ids: dict[str, list[str]]  # table → every id (countries: code) in dist/json/<table>.json
    retired: list[str]  # every id in records/retired.yaml at the release
    package: dict[str, Any]  # {"resources": [{"name", "schema": {fields, primaryKey, foreignKeys}}]}
    # sha256 of the released dist/datapackage.json, which carries every file's hash: pins the exact
    # data, so a release re-cut before publication changes its manifest (and git sees the re-cut).
    datapackage_sha256: str


def parse_version(text: str) -> tuple[int, int, int]:
    match = _SEMVER.fullmatch(text)  # fullmatch: `$` alone would let a trailing newline through
    if match is None:
        raise ValueError(f"'{text}' is not a MAJOR.MINOR.PATCH version")
    major, minor, patch = (int(g) for g in match.groups())
    return major, minor, patch


def path(version: str) -> str:
    return f"{FOLDER}/{version}.json"


def all_manifests(root: Path) -> list[Manifest]:
    """Every manifest, oldest version first; a broken one is a problem, never skipped."""
    folder = root / FOLDER
    found, problems = [], []
    for file in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        shown = file.relative_to(root).as_posix()
        try:
            manifest = Manifest.model_validate_json(file.read_bytes())
            parse_version(manifest.version)
        except OSError as err:  # a folder named like a manifest, an unreadable file
            problems.append(Problem(shown, message=f"cannot read the release manifest: {err.strerror or err}"))
            continue
        except (ValidationError, ValueError) as err:
            problems.append(Problem(shown, message=f"not a release manifest: {str(err).splitlines()[0]}"))
            continue
        if file.stem != manifest.version:
            problems.append(Problem(shown, message=(
                f"holds version {manifest.version}; the file name must be {manifest.version}.json")))
            continue
        found.append(manifest)
    if problems:
        raise ProblemsFound(problems)
    return sorted(found, key=lambda m: parse_version(m.version))


def last(root: Path) -> Manifest | None:
    manifests = all_manifests(root)
    return manifests[-1] if manifests else None


def retired_in(root: Path, current_version: str) -> tuple[dict[str, str], str]:
    """Id → the first release that listed it as retired, and the version of the retirements no
    manifest lists yet: the version in pyproject.toml while that is unreleased (the release being
    made), else empty (the next release, not yet known)."""
    manifests = all_manifests(root)
    first: dict[str, str] = {}
    for manifest in manifests:
        for rid in manifest.retired:
            first.setdefault(rid, manifest.version)
    pending = "" if any(m.version == current_version for m in manifests) else current_version
    return first, pending


def trim(descriptor: dict[str, Any]) -> dict[str, Any]:
    """The part of a package descriptor that SemVer classification compares: tabular schemas."""
    resources = []
    for res in descriptor.get("resources", []):
        schema = res.get("schema")
        if not isinstance(schema, dict):
            continue
        kept: dict[str, Any] = {"fields": [{k: f[k] for k in _FIELD_KEYS if k in f} for f in schema.get("fields", [])]}
        for key in ("primaryKey", "foreignKeys"):
            if key in schema:
                kept[key] = schema[key]
        resources.append({"name": res["name"], "schema": kept})
    return {"resources": resources}


def make(version: str, date: str, files: dict[str, bytes], retired: list[str]) -> Manifest:
    """The manifest of a rendered package (relative path → bytes, as pipeline.write.render gives)."""
    ids = {t.name: [item[t.key] for item in json.loads(files[f"json/{t.name}.json"])] for t in TABLES}
    descriptor = json.loads(files["datapackage.json"])
    return Manifest(version=version, date=date, ids=ids, retired=sorted(retired), package=trim(descriptor),
                    datapackage_sha256=hashlib.sha256(files["datapackage.json"]).hexdigest())


def encode(manifest: Manifest) -> bytes:
    return (json.dumps(manifest.model_dump(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def commit_of(root: Path, version: str) -> str:
    """The last commit that wrote the release's manifest: the records as released, without a tag.

    Added or modified: a release re-cut before it was published rewrites its manifest in place."""
    found = git(root, "log", "-1", "--diff-filter=AM", "--format=%H", "--", path(version)).decode().strip()
    if not found:
        raise GitError(f"{path(version)} is not committed; commit the release before comparing with it")
    return found
