"""Building long-lived tables with the garbage collector paused: a collection meanwhile would free nothing.

A pytest process holds pytest's, every plugin's and the project's objects. Building a table of
thousands of objects that live as long as the run (the detector's cue matchers, one language at
a time) fills the collector's young generations, and once enough have filled up a full
collection walks that whole heap — tens of milliseconds on a slow machine — to find nothing to
free. Paused, the collector looks at the new objects once, after the build.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused"]


@contextmanager
def paused() -> Iterator[None]:
    """No automatic collection inside the block; the collector is left as it was found (on, or off by choice)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
