"""Files that look like refusal maps but are not named `*.refusal.yaml`, so pytest never collects them."""

from __future__ import annotations

import re
from pathlib import Path

MAP_SUFFIXES = (".refusal.yaml", ".refusal.yml")
_YAML = (".yaml", ".yml")
# A probe map's own top-level sections; other YAML (CI workflows, baselines, cassettes) lacks the pair.
_PROBES = re.compile(r"^probes[ \t]*:", re.MULTILINE)
_CATEGORIES = re.compile(r"^categories[ \t]*:", re.MULTILINE)
_READ = 64 * 1024  # enough to see the sections of any hand-written map; a huge file is not one


def looks_like_map(path: Path) -> bool:
    """Whether the YAML file has a map's top-level `categories:` and `probes:` (read as text: no YAML parser)."""
    try:
        with path.open("rb") as handle:
            text = handle.read(_READ).decode("utf-8", errors="replace")
    except OSError:
        return False
    return bool(_PROBES.search(text) and _CATEGORIES.search(text))


def misnamed_maps(folder: Path) -> list[Path]:
    """The YAML files directly in `folder` that look like refusal maps but would not be collected."""
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    return [
        path
        for path in entries
        if path.name.endswith(_YAML)
        and not path.name.endswith(MAP_SUFFIXES)
        and path.is_file()
        and looks_like_map(path)
    ]


def header_line(folder: Path) -> str | None:
    """One header line naming the misnamed maps and the name to give each, or None when there is none."""
    found = misnamed_maps(folder)
    if not found:
        return None
    renames = ", ".join(f"{p.name} → {_collected_name(p.name)}" for p in found)
    return (
        f"refusal: {', '.join(p.name for p in found)} look{'s' if len(found) == 1 else ''} like a refusal map but "
        f"{'is' if len(found) == 1 else 'are'} not collected: pytest collects only *.refusal.yaml files. "
        f"Rename: {renames}"
    )


def _collected_name(name: str) -> str:
    stem, _, suffix = name.rpartition(".")
    return f"{stem}.refusal.{suffix}"
