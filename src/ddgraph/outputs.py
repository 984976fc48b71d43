"""Every file the library writes for a user goes through here: whole or not at all, never in the wrong place.

:func:`write_file` writes a new or regular file atomically (a temporary file beside it, then a rename)
and keeps the mode of the file it replaces; a symlink is written through (its target is replaced, the
link stays); a character device or a FIFO (``/dev/null``, a named pipe) is written in place, since it
cannot be replaced; any other kind of file (a directory, a socket, a block device) is refused. Nothing
is written inside ``protect``, the dataset being read, wherever a path or a link points. Every
failure is an :class:`~ddgraph.errors.OutputError` with one line naming the path.

Examples
--------
>>> import tempfile
>>> d = Path(tempfile.mkdtemp())
>>> (d / "g").mkdir()
>>> write_file(d / "out.txt", "hi\\n").read_text()
'hi\\n'
>>> write_file(d / "g" / "events.yaml", "x", protect=d / "g")
Traceback (most recent call last):
...
ddgraph.errors.OutputError: refusing to write .../g/events.yaml: it is inside the dataset being read (.../g)
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from .errors import OutputError

_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFSOCK: "a socket",
    stat.S_IFBLK: "a block device",
}


def _reason(e: OSError) -> str:
    return e.strerror or type(e).__name__


def _check_outside(path: Path, resolved: Path, protect: Path | None) -> None:
    if protect is None:
        return
    dataset = protect.resolve()
    if resolved == dataset or resolved.is_relative_to(dataset):
        raise OutputError(f"refusing to write {path}: it is inside the dataset being read ({protect})")


def output_dir(path: Path, *, protect: Path | None = None) -> Path:
    """``path`` as a directory to write into: created with its parents when missing, never in ``protect``.

    >>> output_dir(Path("/proc/ddgraph-out"))
    Traceback (most recent call last):
    ...
    ddgraph.errors.OutputError: cannot write into /proc/ddgraph-out: No such file or directory
    """
    _check_outside(path, path.resolve(), protect)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"cannot write into {path}: it exists and is not a directory") from None
    except NotADirectoryError:
        raise OutputError(f"cannot write into {path}: a parent of it is a file, not a directory") from None
    except OSError as e:
        raise OutputError(f"cannot write into {path}: {_reason(e)}") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write into {path}: Permission denied")
    return path


def write_file(path: Path, data: str | bytes, *, protect: Path | None = None) -> Path:
    """Write ``data`` (text as UTF-8) to ``path`` as the module docstring says; return ``path``."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    target = path.resolve()  # through every symlink: the link stays, its target is written
    _check_outside(path, target, protect)
    try:
        st: os.stat_result | None = target.stat()
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise OutputError(f"cannot write {path}: {_reason(e)}") from None
    try:
        if st is not None and (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
            with open(target, "wb") as fh:  # a device or a pipe: written in place, never replaced
                fh.write(raw)
            return path
        if st is not None and not stat.S_ISREG(st.st_mode):
            kind = _KINDS.get(stat.S_IFMT(st.st_mode), "not a regular file")
            raise OutputError(f"cannot write {path}: it is {kind}")
        _replace(target, raw, None if st is None else stat.S_IMODE(st.st_mode))
    except IsADirectoryError:
        raise OutputError(f"cannot write {path}: it is a directory") from None
    except OSError as e:
        raise OutputError(f"cannot write {path}: {_reason(e)}") from None
    return path


def _replace(target: Path, raw: bytes, mode: int | None) -> None:
    """A temporary file beside ``target``, filled and synced, then renamed over it (keeping ``mode``)."""
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    # created as a new file would be (0666 less the umask), then given the old file's mode
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
