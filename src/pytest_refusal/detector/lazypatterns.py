"""Regexes compiled on first use, so importing the detector compiles none of them.

Compiling a class of wide Unicode ranges costs a millisecond or more (the engine maps each
range character by character), and most runs read text of one or two scripts: the patterns of
the others need never be compiled.
"""

from __future__ import annotations

import re

__all__ = ["Patterns"]


class Patterns:
    """Named regex sources; `patterns.name` is the compiled regex, compiled the first time it is read."""

    def __init__(self, **sources: str) -> None:
        self._sources = sources

    def __getattr__(self, name: str) -> re.Pattern[str]:
        # Only called for names not yet in the instance: each source is compiled once.
        try:
            source = self.__dict__["_sources"][name]
        except KeyError:
            raise AttributeError(name) from None
        pattern = re.compile(source)
        setattr(self, name, pattern)
        return pattern
