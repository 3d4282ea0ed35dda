"""One user-visible setting and how its value is read: the command line, else the ini file, else its default."""

from __future__ import annotations

from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Setting:
    """One user-visible setting: `--refusal-<name>` on the command line, `refusal_<name>` in the ini file."""

    name: str
    help: str
    default: str
    metavar: str
    cli: bool = True
    ini: bool = True

    @property
    def flag(self) -> str:
        return "--refusal-" + self.name.replace("_", "-")

    @property
    def key(self) -> str:
        return "refusal_" + self.name


def raw(config: pytest.Config, setting: Setting) -> str:
    """The setting's text: from the command line, else the ini file, else its default."""
    if setting.cli:
        value = config.getoption(setting.key, default=None)
        if value is not None:
            return str(value)
    if setting.ini:
        ini = config.getini(setting.key)
        if ini not in (None, ""):
            return str(ini)
    return setting.default
