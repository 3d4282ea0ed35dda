"""Fixtures that build the application's features on the plugin's cassette-backed client."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from story_app import HelpDesk, StoryWriter


@pytest.fixture
def story_writer(refusal_client, refusal_model) -> StoryWriter:
    return StoryWriter(refusal_client, refusal_model.model)


@pytest.fixture
def help_desk(refusal_client, refusal_model) -> HelpDesk:
    return HelpDesk(refusal_client, refusal_model.model)
