"""Put a rendered build in place: dist/ whole or not at all, and the other generated files with it.

Everything is written to staging first (a `.dist-new-*` folder beside dist/, a `.<name>.new-<pid>`
file beside each other file), so a failure while writing (a full disk, a read-only folder) changes
nothing. Then dist/ and its staging folder are exchanged in one step, and the other files renamed
over theirs. dist/ stays a real folder, as git needs.

The exchange is renameat2(RENAME_EXCHANGE) on Linux: at every instant dist/ is either the old
package or the new one, even if the build is killed mid-way. Elsewhere (or on a filesystem without
it) dist/ is renamed aside and the new folder renamed in: a kill between the two leaves no dist/,
and the next build puts the old one back before anything else. Builds take a lock file at the
root, so two at once run one after the other; leftovers of a killed build are removed by the next.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK = ".build.lock"
_NEW, _OLD = ".dist-new-", ".dist-old-"
_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


@contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the root's build lock (blocking): one build or release writes at a time."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks in the standard library; builds are not serialised
        yield
        return
    with (root / LOCK).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes, or the process dies
        yield


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories atomically; False where the system cannot (then nothing happened)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library older than glibc 2.28
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # kernel or filesystem lacks it
        return False
    raise OSError(code, os.strerror(code), str(b))


def _staged(target: Path) -> str:
    return f".{target.name}.new-"


def recover(root: Path) -> None:
    """Undo what a killed build left: put an old dist/ back if there is none, drop staging."""
    dist = root / "dist"
    olds = sorted(root.glob(_OLD + "*"))
    if olds and not dist.exists():
        olds.pop().rename(dist)
    for leftover in olds + list(root.glob(_NEW + "*")):
        shutil.rmtree(leftover, ignore_errors=True)


def _remove_staged(targets: list[Path]) -> None:
    for target in targets:
        for leftover in target.parent.glob(_staged(target) + "*") if target.parent.is_dir() else []:
            leftover.unlink(missing_ok=True)


def publish(root: Path, dist_files: dict[str, bytes], others: dict[str, bytes]) -> None:
    """Replace dist/ with `dist_files` and write `others` (paths relative to the root); call under
    `locked(root)`. An unchanged other file is left untouched."""
    recover(root)
    targets = [root / rel for rel in others]
    _remove_staged(targets)
    staging = Path(tempfile.mkdtemp(prefix=_NEW, dir=root))
    staged: list[tuple[Path, Path]] = []
    try:
        for rel, data in dist_files.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for target, data in zip(targets, others.values()):
            if target.is_file() and target.read_bytes() == data:
                continue
            if target.is_dir():
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f"{_staged(target)}{os.getpid()}")
            temporary.write_bytes(data)
            staged.append((temporary, target))
        _swap(staging, root / "dist")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in staged:  # renames within a folder already written to
        os.replace(temporary, target)


def _swap(staging: Path, dist: Path) -> None:
    if not dist.exists():
        staging.rename(dist)
    elif _exchange(staging, dist):
        shutil.rmtree(staging, ignore_errors=True)  # it holds the old package now
    else:
        old = dist.with_name(f"{_OLD}{os.getpid()}")
        dist.rename(old)
        try:
            staging.rename(dist)  # a kill before this line: recover() restores `old` at the next build
        except BaseException:
            old.rename(dist)
            raise
        shutil.rmtree(old, ignore_errors=True)
