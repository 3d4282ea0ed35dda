"""The one way the plugin writes a file (cassettes, the baseline, reports, the replay cache): whole or not at all.

A reader (a replaying test, a reviewer, a killed run's next run) sees the old complete file or
the new complete one, never half. One mode rule for every file: the temporary file is created
the way `open(path, "w")` creates a file, so the umask decides its mode, and a file that already
exists keeps its own. Cassettes get no stricter mode than reports: a cassette is scrubbed and
audited for secrets before it is written, and it is meant to be committed and read by every
user of the checkout (a CI container's user, a reviewer), like the baseline and the reports.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def _unique() -> str:
    return os.urandom(4).hex()  # what secrets.token_hex(4) gives, without loading secrets (hmac, base64) for it


def write_atomic(target: Path, text: str | Iterable[str], *, durable: bool = True) -> None:
    """UTF-8 text through a temporary file in the same folder, fsynced, then renamed over `target`.

    `text` is one string, or pieces written in turn (a large report is never joined into one).

    `durable=False` skips the fsync: for a cache, where an entry lost in a crash is only parsed again.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{_unique()}{TEMP_SUFFIX}")
    # 0o666 minus the umask, as a plain open() would give; mkstemp would make it private (0600).
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.writelines((text,) if isinstance(text, str) else text)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, target.stat().st_mode & 0o7777)  # an existing file keeps its mode
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def unwritable(target: Path) -> str | None:
    """Why `target` could not be written at the end of a run (None when it could), checked before the run.

    A folder that does not exist yet is fine when its nearest existing ancestor is a folder we
    may create files in; that is tried with a probe file (removed at once), because permission
    bits do not tell (root, read-only mounts, ACLs).
    """
    if target.is_dir():
        return "it is a folder; name a file in it instead"
    folder = target.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        return f"{folder} is a file, not a folder"
    probe = folder / f".{target.name}.{_unique()}{TEMP_SUFFIX}"
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except OSError as exc:
        return f"cannot create files in {folder} ({exc.strerror or type(exc).__name__})"
    probe.unlink(missing_ok=True)
    return None
