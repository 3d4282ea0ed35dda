"""A map model's cassette folder, checked once per map: collection lists it, each item finds its cassette in it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from pytest_refusal.plugin import session as session_module
from pytest_refusal.providers import ModelSpec


def unsafe_folder(session: session_module.RefusalSession, stem: str) -> str | None:
    """Why the map's cassette folder (named after its file) would not be inside the cassette folder, if so."""
    from pytest_refusal.cassette.paths import UnsafeCassettePath, inside

    try:
        inside(session.options.cassette_dir, Path(stem, "model"))
    except UnsafeCassettePath:
        return (
            f"its cassette folder {stem!r} (a map's cassette folder is named after its file, without "
            f".refusal.yaml) would lead outside {session.shown(session.options.cassette_dir)}/, and recording "
            "would write there. Rename the file, e.g. to politics.refusal.yaml."
        )
    return None


class CassetteFolder:
    """One map model's cassette folder, checked once per map rather than once per item (a resolve is many lstats).

    Map, model, probe and language names are validated (`probemap`): an item's file name is one
    plain part, never `..`, so only a symbolic link can lead out. The folder is resolved here; a
    file that is a link is resolved whole, as before.
    """

    def __init__(self, cassette_dir: Path, relative: Path, shown: str) -> None:
        self.cassette_dir = cassette_dir
        self.relative = relative
        self.text = str(cassette_dir / relative)
        self.shown = shown

    def listing(self) -> set[str] | None:
        """The names of the folder's regular files (not links), read at once; None when there is no such folder.

        A name it lacks may still be a link, or the same file named in another case on a file system that ignores
        case: `file` looks at those one by one. A folder that cannot be read lists nothing.
        """
        try:
            with os.scandir(self.text) as entries:
                return {entry.name for entry in entries if entry.is_file(follow_symlinks=False)}
        except FileNotFoundError:
            return None
        except OSError:
            return set()

    def file(self, name: str, known: bool | None = None) -> tuple[str, bool]:
        """The path of the cassette `name` in this folder, and whether it is a file.

        `known`: what `listing` told (True: a plain file; False: there is no folder); None: one lstat tells.
        """
        path = os.path.join(self.text, name)
        if known is not None:
            return path, known
        from pytest_refusal.cassette.paths import inside

        try:
            found = os.lstat(path)
        except OSError:
            return path, False
        if stat.S_ISLNK(found.st_mode):
            inside(self.cassette_dir, self.relative / name)  # a link that leads out raises UnsafeCassettePath
            return path, os.path.isfile(path)
        return path, stat.S_ISREG(found.st_mode)


def model_folders(
    session: session_module.RefusalSession, stem: str, specs: dict[str, ModelSpec]
) -> dict[str, CassetteFolder] | str:
    """Each model's checked cassette folder, or why one would lead outside the cassette folder."""
    from pytest_refusal.cassette.paths import UnsafeCassettePath, inside

    root = session.options.cassette_dir
    folders = {}
    for name in specs:
        try:
            folder = inside(root, Path(stem, name))
        except UnsafeCassettePath:
            return (
                f"the cassette folder of model {name!r} ({session.shown(root / stem / name)}) leads outside "
                f"{session.shown(root)}/ (a symbolic link), and recording would write there. Replace the link "
                "with a folder."
            )
        folders[name] = CassetteFolder(root, Path(stem, name), session.shown(folder))
    return folders
