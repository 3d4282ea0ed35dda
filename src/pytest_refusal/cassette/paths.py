"""Where cassettes live: a test's cassette path from its name, and the check that a path stays in the cassette folder."""

from __future__ import annotations

import functools
import re
from pathlib import Path

_UNSAFE = re.compile(r"[^\w.\[\]\-+=,@ ]", re.UNICODE)
_MAX_NAME = 150


def cassette_path(cassette_dir: Path, module: str, test_name: str) -> Path:
    """Where one test item's cassette lives: `<dir>/<module path without .py>/<test name>.yaml`.

    `module` is the test file relative to the root (`tests/test_chat.py`); `test_name` is
    the item name with parameters (`TestX::test_y[kimi]` becomes `TestX.test_y[kimi]`).
    Characters unsafe in file names become `-` and a short hash of the real name is added, so
    distinct items never share a file; very long names are shortened the same way.
    """
    stem = module[:-3] if module.endswith(".py") else module
    parts = [_safe(p) for p in Path(stem).parts if p not in ("", ".", "..")]
    wanted = test_name.replace("::", ".")
    name = _safe(wanted)
    if name != wanted or len(name) > _MAX_NAME:
        # Replacing characters loses information (`[a/b]` and `[a-b]` would share one file, and one
        # test would replay the other's answers); a hash of the real name keeps them apart.
        import hashlib  # only for the rare unusual name

        name = f"{name[: _MAX_NAME - 13]}-{hashlib.sha1(test_name.encode()).hexdigest()[:12]}"
    return inside(cassette_dir, Path(*parts, f"{name}.yaml"))


class UnsafeCassettePath(ValueError):
    """A cassette path that would leave the cassette folder (`..` in a map's file name, a symlink out)."""


@functools.lru_cache(maxsize=64)
def _resolved(cassette_dir: Path) -> Path:
    """An absolute cassette folder, resolved once: every map item of a run asks for the same few folders.

    A relative one is resolved each time: it depends on the working directory, which may change.
    """
    return cassette_dir.resolve()


def inside(cassette_dir: Path, relative: str | Path) -> Path:
    """`cassette_dir / relative`, after checking that it resolves to a place inside the cassette folder.

    Recording writes there, so a name that climbs out (`...refusal.yaml` has the stem `..`) would
    overwrite files elsewhere in the project, or beyond it.
    """
    path = cassette_dir / relative
    root = _resolved(cassette_dir) if cassette_dir.is_absolute() else cassette_dir.resolve()
    resolved = path.resolve()
    if resolved != root and root not in resolved.parents:
        raise UnsafeCassettePath(
            f"the cassette path {path} leads outside the cassette folder {cassette_dir} (to {resolved}); "
            "rename what names it (a map's file, a probe or a model) so that it stays inside"
        )
    return path


def _safe(part: str) -> str:
    return _UNSAFE.sub("-", part).strip(" .") or "_"
