"""A cache of each record file's reading: its validated model and its findings, or its problems, keyed by its bytes.

Reading one file (strict YAML, then the model, then the rules that look at one record) depends only
on its path, its bytes and the code that reads it, so a result is reused only when the file's sha256
and a fingerprint of that code (schema/, pipeline/reading/ and the versions of the libraries they
lean on) are both unchanged. Rules across records always run over every record, from the cached
findings (schema/rules.py).

Hashing 20,000 files costs more than everything else a warm check does, so, as git's index does, an
entry also keeps the file's stat stamp (size, mtime, ctime, inode, device) and a file whose stamp is
unchanged is not read again. Any write changes ctime, which cannot be set by hand; the one gap, a
second write in the same clock tick as the stamp was taken, is closed the way git closes it: a stamp
is kept only once the file is older than SETTLED, so a file written moments ago is always hashed.

The cache is 64 pickles under
`.cache/check/` (git-ignored; a record's shard is picked by its path), each written to a temporary
file and renamed into place, so concurrent runs never leave a torn file; one that cannot be read for
any reason is ignored and rewritten.

Pickle runs code when loaded: this is a local cache in the user's own checkout, as trusted as the
code beside it. `build.py check --no-cache` reads every file afresh and leaves the cache alone.
"""

from __future__ import annotations

import copyreg
import hashlib
import importlib.metadata
import io
import os
import pickle
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Protocol

from pipeline.reading.problems import Problem
from schema.common import Strict
from schema.rules import Findings

FOLDER = ".cache/check"
SHARDS = 64
SETTLED = 2_000_000_000  # ns: a stamp is trusted once the file has not changed for this long
_CODE = Path(__file__).resolve().parent.parent.parent  # the repository holding schema/ and pipeline/
_LIBRARIES = ("pydantic", "pydantic-core", "PyYAML", "pycountry", "edtf")  # validation depends on their behaviour and data


def fingerprint() -> str:
    """Changes whenever the code that reads and validates a record may have changed."""
    digest = hashlib.sha256(sys.version.encode())
    for folder in ("schema", "pipeline/reading"):
        for path in sorted((_CODE / folder).glob("*.py")):
            digest.update(path.relative_to(_CODE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _LIBRARIES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}\0".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Entry:
    sha256: bytes
    table: str
    model: Strict | None  # None when the file has problems
    problems: tuple[Problem, ...]
    findings: Findings | None  # the one-record rules' findings; None with the model
    stamp: tuple[int, ...] | None  # the file's stat stamp, once settled (see above)


class _Valid(Protocol):
    model: Strict
    findings: Findings


def _settled(stamp: tuple[int, ...] | None) -> tuple[int, ...] | None:
    return stamp if stamp is not None and time.time_ns() - max(stamp[1], stamp[2]) > SETTLED else None


def _rebuild(cls: type[Strict], values: dict[str, Any], fields_set: set[str]) -> Strict:
    # What model_construct does, without re-validating: the values were validated when cached.
    model = cls.__new__(cls)
    object.__setattr__(model, "__dict__", values)
    object.__setattr__(model, "__pydantic_fields_set__", fields_set)
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model


def _reduce(model: Strict) -> Any:
    if model.__pydantic_extra__ or model.__pydantic_private__:
        return model.__reduce_ex__(pickle.HIGHEST_PROTOCOL)  # not our models' case; pydantic's own way
    return _rebuild, (type(model), model.__dict__, model.__pydantic_fields_set__)


def _subclasses(cls: type) -> list[type]:
    return [cls, *(sub for child in cls.__subclasses__() for sub in _subclasses(child))]


def _reduce_enum(member: Enum) -> Any:
    return getattr, (type(member), member.name)  # a C call on load, not EnumType.__call__


def _dispatch_table() -> dict[type, Any]:
    table: dict[type, Any] = dict(copyreg.dispatch_table)
    table.update({cls: _reduce for cls in _subclasses(Strict)})
    table.update({cls: _reduce_enum for cls in _subclasses(Enum) if cls.__module__.startswith("schema.")})
    return table


def shard(path: str) -> int:
    return zlib.crc32(path.encode()) % SHARDS  # stable across runs, unlike hash()


def _shard_file(folder: Path, number: int) -> Path:
    return folder / f"records-{number:02d}.pickle"


@dataclass
class Cache:
    """The entries of one records folder: relative path → Entry, stored in SHARDS files by path so that
    editing one record rewrites one small file, not the whole cache."""

    folder: Path
    code: str = field(default_factory=lambda: fingerprint())  # looked up at each call: tests replace it
    entries: dict[str, Entry] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    stored: dict[int, set[str]] = field(default_factory=dict)  # shard → paths in its file as read
    dirty: set[int] = field(default_factory=set)

    @classmethod
    def open(cls, root: Path) -> Cache:
        cache = cls(root / FOLDER)
        for number in range(SHARDS):
            try:
                with _shard_file(cache.folder, number).open("rb") as handle:
                    code, entries = pickle.load(handle)
                if code != cache.code or not isinstance(entries, dict):
                    continue
            except Exception:  # noqa: BLE001, S112  # missing, torn, from another version: start empty, never fail
                continue
            cache.entries.update(entries)
            cache.stored[number] = set(entries)
        return cache

    def unchanged(self, path: str, table: str, stamp: tuple[int, ...] | None) -> Entry | None:
        """The entry, when the file's settled stamp is the one it was read with: no need to read it."""
        entry = self.entries.get(path)
        if entry is None or stamp is None or entry.stamp != stamp or entry.table != table:
            return None
        self.used.add(path)
        return entry

    def get(self, path: str, table: str, data: bytes, stamp: tuple[int, ...] | None = None) -> Entry | None:
        entry = self.entries.get(path)
        self.used.add(path)
        if entry is None or entry.table != table or entry.sha256 != hashlib.sha256(data).digest():
            return None
        if (settled := _settled(stamp)) != entry.stamp and settled is not None:  # the same bytes, settled now
            entry = self.entries[path] = Entry(**{**entry.__dict__, "stamp": settled})
            self.dirty.add(shard(path))
        return entry

    def put(self, path: str, table: str, data: bytes, stamp: tuple[int, ...] | None,
            loaded: _Valid | None, problems: list[Problem]) -> Entry:
        model, findings = (loaded.model, loaded.findings) if loaded is not None else (None, None)
        entry = Entry(hashlib.sha256(data).digest(), table, model, tuple(problems), findings, _settled(stamp))
        self.entries[path] = entry
        self.used.add(path)
        self.dirty.add(shard(path))
        return entry

    def save(self) -> None:
        """Write each shard that changed, holding the files seen this run (a removed file's entry goes)."""
        by_shard: dict[int, set[str]] = {}
        for path in self.used:
            by_shard.setdefault(shard(path), set()).add(path)
        for number in range(SHARDS):
            paths = by_shard.get(number, set())
            if number in self.dirty or paths != self.stored.get(number, set()):
                self._write(number, {path: self.entries[path] for path in paths if path in self.entries})

    def _write(self, number: int, entries: dict[str, Entry]) -> None:
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        # Models rebuilt from their fields (3× faster to load than pydantic's own pickling).
        pickler.dispatch_table = _dispatch_table()  # type: ignore[assignment]
        pickler.dump((self.code, entries))
        temporary = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.folder, prefix=".tmp-", delete=False) as handle:
                temporary = handle.name
                handle.write(buffer.getvalue())
            os.replace(temporary, _shard_file(self.folder, number))  # atomic: readers see the old file or the new
        except OSError:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
            # a read-only checkout still checks, only slower next time
