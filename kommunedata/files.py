"""Files that appear whole: a new version is written beside its place and renamed over it.

Readers (the app, another process) then see the old file or the new one, never half of one: the
temporary is in the same folder, so `os.replace` is atomic, and a failure removes it. Writers of a
database take its lock (`<file>.lock`, a portable `filelock`) so two of them never interleave.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock


def lock(path: Path) -> FileLock:
    """The lock every writer of `path` holds while it writes: the file `<path>.lock` beside it."""
    return FileLock(path.with_name(path.name + ".lock"))


def temporary(path: Path) -> Path:
    """This process's temporary for a new version of `path`, beside it: `.<name>.<pid>.tmp`. The pid in
    the name tells a killed writer's leftovers from a running one's (`remove_abandoned_temporaries`)."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """This process's temporary for `path`, to write the new version to: renamed over `path` when the
    block ends without an error, removed with what DuckDB keeps beside it (`….wal`, the folder it
    spills to, `….tmp`) when it ends with one."""
    tmp = temporary(path)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal"), tmp.with_name(tmp.name + ".tmp")):
            _remove(leftover)
        raise


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write `data` (text as UTF-8) to `path` whole: aside under a name no other process or thread
    uses, in the same folder, then renamed into place. The aside file is removed on any error."""
    aside = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        aside.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(aside, path)
    except BaseException:
        aside.unlink(missing_ok=True)
        raise


def remove_abandoned_temporaries(path: Path) -> None:
    """Temporaries for `path` left by writers that were killed (their process is gone), with what DuckDB
    kept beside them. A running writer's files are left alone."""
    prefix = f".{path.name}."
    for leftover in path.parent.glob(f"{prefix}*.tmp*"):
        pid, _, rest = leftover.name[len(prefix):].partition(".")
        if not (pid.isdigit() and rest.startswith("tmp")):
            continue
        if os.name == "nt":  # os.kill(pid, 0) would end the process there; an open file cannot be removed
            try:
                _remove(leftover)
            except PermissionError:
                pass
        elif not _process_alive(int(pid)):
            _remove(leftover)


def _remove(path: Path) -> None:
    """A file, or the folder DuckDB spills to beside its database (`….tmp.tmp`)."""
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
