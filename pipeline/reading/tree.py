"""The files of a repository, on disk or at a git commit, behind one small interface.

The strict loader reads records through a Tree, so `build.py diff REF` reads the records of any
commit with exactly the checks the working tree gets. Git is driven through its plumbing
(`ls-tree`, `cat-file --batch`), one process per folder rather than one per file.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal, Protocol

from pipeline.reading.strict_yaml import MAX_BYTES

Kind = Literal["file", "dir", "other"]  # other: a symlink, a submodule, a device


@dataclass(frozen=True)
class Item:
    path: str  # posix, relative to the repository root, as problems print it
    kind: Kind
    size: int
    oid: str = ""  # the git object id; empty on disk
    # on disk: (size, mtime_ns, ctime_ns, inode, device), which any write to the file changes (ctime
    # cannot be set back by hand); the check cache trusts it for files that have settled (check_cache.py)
    stamp: tuple[int, ...] | None = None

    @property
    def name(self) -> str:
        return self.path.rpartition("/")[2]  # PurePosixPath(path).name, without building a path per call


class Tree(Protocol):
    def items(self, folder: str) -> list[Item] | None:
        """The entries of a folder, sorted by name; None when there is no such folder."""

    def read(self, item: Item, limit: int) -> bytes:
        """The file's bytes, at most `limit` of them."""

    def file(self, path: str) -> bytes | None:
        """A whole file by path, or None when it does not exist."""


class WorkTree:
    def __init__(self, root: Path) -> None:
        self.root = root

    def items(self, folder: str) -> list[Item] | None:
        base = self.root / folder
        if not base.is_dir():
            return None
        out = []
        folder = PurePosixPath(folder).as_posix()
        prefix = "" if folder == "." else folder + "/"
        with os.scandir(base) as entries:  # one pass, file types from the directory listing itself
            for entry in sorted(entries, key=lambda e: e.name):
                kind: Kind = ("other" if entry.is_symlink() else "dir" if entry.is_dir(follow_symlinks=False)
                              else "file" if entry.is_file(follow_symlinks=False) else "other")
                st = entry.stat(follow_symlinks=False)
                stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
                out.append(Item(prefix + entry.name, kind, st.st_size, stamp=stamp))
        return out

    def where(self, item: Item) -> Path:
        return self.root / item.path

    def read(self, item: Item, limit: int) -> bytes:
        with open(os.path.join(self.root, item.path), "rb") as handle:  # no Path per file: 20,000 add up
            return handle.read(limit)

    def file(self, path: str) -> bytes | None:
        target = self.root / path
        return target.read_bytes() if target.is_file() else None


class GitError(Exception):
    """Git could not answer: not a repository, an unknown ref, git missing."""


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, timeout=120)
    except FileNotFoundError as err:
        raise GitError("git is not installed") from err
    if done.returncode:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return done.stdout


def is_repository_root(root: Path) -> bool:
    """True when `root` is the top of a git work tree (not a folder inside another repository)."""
    try:
        top = git(root, "rev-parse", "--show-toplevel").decode().strip()
    except GitError:
        return False
    return Path(top).resolve() == root.resolve()


def resolve(root: Path, ref: str) -> str:
    """The commit id `ref` names in the repository at `root`."""
    if not is_repository_root(root):
        raise GitError(f"{root} is not the top of a git repository")
    try:
        return git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"'{ref}' is not a commit in {root}") from None


_KINDS: dict[str, Kind] = {"100644": "file", "100755": "file", "040000": "dir"}


class GitTree:
    """The files of one commit."""

    def __init__(self, root: Path, ref: str) -> None:
        self.root = root
        self.commit = resolve(root, ref)
        self._blobs: dict[str, bytes] = {}

    def items(self, folder: str) -> list[Item] | None:
        listing = git(self.root, "ls-tree", "-l", "-z", self.commit, "--", folder.rstrip("/") + "/")
        out = []
        # A name that is not UTF-8 keeps its bytes as surrogates; the reader reports it by name.
        for entry in filter(None, listing.decode("utf-8", "surrogateescape").split("\0")):
            meta, path = entry.split("\t", 1)
            mode, _type, oid, size = meta.split()
            out.append(Item(path, _KINDS.get(mode, "other"), int(size) if size != "-" else 0, oid))
        if not out and not self._is_folder(folder):
            return None
        # Files over the cap are refused unread, as on disk.
        self._fetch([i.oid for i in out if i.kind == "file" and i.size <= MAX_BYTES and i.oid not in self._blobs])
        return sorted(out, key=lambda i: i.name)

    def _is_folder(self, folder: str) -> bool:
        try:
            return git(self.root, "cat-file", "-t", f"{self.commit}:{folder}").strip() == b"tree"
        except GitError:
            return False

    def _fetch(self, oids: list[str]) -> None:
        """Every blob in one `git cat-file --batch`: header `<oid> blob <size>`, the bytes, a newline."""
        if not oids:
            return
        data = git(self.root, "cat-file", "--batch", stdin="".join(f"{o}\n" for o in oids).encode())
        at = 0
        for oid in oids:
            end = data.index(b"\n", at)
            size = int(data[at:end].split()[2])
            self._blobs[oid] = data[end + 1:end + 1 + size]
            at = end + 1 + size + 1

    def read(self, item: Item, limit: int) -> bytes:
        if item.oid not in self._blobs:
            self._fetch([item.oid])
        return self._blobs[item.oid][:limit]

    def file(self, path: str) -> bytes | None:
        try:
            return git(self.root, "cat-file", "blob", f"{self.commit}:{path}")
        except GitError:
            return None
