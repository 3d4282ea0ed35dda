"""What the plugin knows about one test item while it runs, kept in the item's stash, and dropped when it is done."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from pytest_refusal.plugin import markers

if TYPE_CHECKING:
    from pytest_refusal.cassette.netguard import NetworkGuard
    from pytest_refusal.cassette.vcr import RefusalCassette
    from pytest_refusal.plugin.vcrmarker import Beside
    from pytest_refusal.providers import ModelSpec

__all__ = ["ITEM_KEY", "ItemState", "release"]


@dataclass
class ItemState:
    """What pytest-refusal knows about one test item while it runs."""

    spec: markers.ExpectSpec | None = None
    problem: str | None = None  # a bad expect_* marker: the test errors with this message
    faulted: bool = False  # the test ended in a provider fault: what it recorded is a fragment, never written
    cassette: RefusalCassette | None = None
    model: ModelSpec | None = None
    guard: NetworkGuard | None = None  # while the cassette replays: no connection leaves (kept for its attempts)
    beside: Beside | None = None  # pytest-recording's cassette, when the test also carries @pytest.mark.vcr


ITEM_KEY = pytest.StashKey[ItemState]()


def release(item: pytest.Item) -> None:
    """Drop what the item's run left in its state; a run keeps every item to its end, and the collector walks them all.

    What collection decided (the expectation, a marker's problem) stays for a rerun of the item.
    """
    state = item.stash.get(ITEM_KEY, None)
    if state is None:
        return
    if state.spec is None and state.problem is None:
        del item.stash[ITEM_KEY]  # a map item: its run made the state, a rerun makes it again
    else:
        state.faulted, state.cassette, state.model, state.guard, state.beside = False, None, None, None, None
