"""upstream/<source>/SNAPSHOT.toml: which upstream files the repository holds, from where, and their hashes.

An importer reads only files the manifest lists, and only after their sha256 matches, so a record
can always be traced to the exact bytes it was made from, and a fresh clone re-runs the import
without anything outside the repository. `write` (re)makes the snapshot from an upstream copy.
"""

from __future__ import annotations

import hashlib
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline.reading.problems import Problem, ProblemsFound

MANIFEST = "SNAPSHOT.toml"


@dataclass(frozen=True)
class Origin:
    """One upstream repository: the files under `folder` are copies of files at `commit`."""

    folder: str  # under upstream/<source>/, e.g. "travels"
    repository: str  # https address of the upstream repository
    commit: str
    licence: str
    published: str  # where the publisher shows the data


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verified(base: Path, shown_as: str) -> dict[str, Path]:
    """Every file the manifest lists (relative path → path), each checked against its sha256.
    `shown_as`: the folder as messages name it (upstream/<source>)."""
    rel = f"{shown_as}/{MANIFEST}"
    manifest = base / MANIFEST
    if not manifest.is_file():
        raise ProblemsFound([Problem(rel, message="snapshot manifest not found")])
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ProblemsFound([Problem(rel, message=f"not valid TOML: {err}")]) from None
    files: dict[str, Path] = {}
    problems = []
    for origin in data.get("origin", []):
        for name, expected in origin.get("files", {}).items():
            path = base / name
            shown = f"{shown_as}/{name}"
            if not path.is_file():
                problems.append(Problem(shown, message="listed in the snapshot manifest but missing"))
            elif sha256(path) != expected:
                problems.append(Problem(shown, message=f"sha256 differs from {MANIFEST}: the file was changed after the snapshot was taken"))
            else:
                files[name] = path
    if problems:
        raise ProblemsFound(problems)
    return files


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(source: Path, base: Path, origins: list[tuple[Origin, list[str]]], header: str) -> list[str]:
    """Copy the named files (paths under `source`, unmodified) into `base` and write the manifest.

    Files the old manifest listed that are no longer named are removed. Returns the files written.
    """
    old: set[str] = set()
    if (base / MANIFEST).is_file():
        old = {name for o in tomllib.loads((base / MANIFEST).read_text(encoding="utf-8")).get("origin", [])
               for name in o.get("files", {})}
    lines = [f"# {line}".rstrip() for line in header.splitlines()] + [""]
    written: list[str] = []
    for origin, names in origins:
        lines += [
            "[[origin]]",
            f"folder = {_toml_string(origin.folder)}",
            f"repository = {_toml_string(origin.repository)}",
            f"commit = {_toml_string(origin.commit)}",
            f"licence = {_toml_string(origin.licence)}",
            f"published = {_toml_string(origin.published)}",
            "",
            "[origin.files]",
        ]
        for name in sorted(names):
            target = base / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / name, target)
            lines.append(f"{_toml_string(name)} = {_toml_string(sha256(target))}")
            written.append(name)
        lines.append("")
    for name in sorted(old - set(written)):
        (base / name).unlink(missing_ok=True)
    (base / MANIFEST).write_text("\n".join(lines), encoding="utf-8")
    return written
