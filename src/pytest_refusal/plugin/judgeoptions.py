"""The judge's settings: `refusal_judge = MODEL`, `--refusal-judge=off|uncertain|always`, the score threshold.

Resolved like every setting (CLI > ini > default, through `setting.raw`); `options.resolve`
calls `resolve` here, so a mistake is the same `pytest.UsageError`.
"""

from __future__ import annotations

import pytest

from pytest_refusal.judge.settings import DEFAULT_THRESHOLD, JudgeSettings, check
from pytest_refusal.plugin.setting import Setting, raw

MODE = Setting(
    "judge",
    "when the LLM judge (refusal_judge) gives its verdict: off, uncertain (only verdicts the cues score below "
    "refusal_judge_threshold) or always (every answer with text). Judge calls are recorded and replayed like any "
    "call. Default: off.",
    "",
    "off|uncertain|always",
    ini=False,
)
MODE_INI = Setting(
    "judge_mode",
    "the judge mode when --refusal-judge is not given (off, uncertain, always). Default: off.",
    "off",
    "MODE",
    cli=False,
)
MODEL = Setting("judge_model", "the judge model, overriding the refusal_judge ini key.", "", "MODEL", ini=False)
MODEL_INI = Setting(
    "judge",
    "the LLM judge: a defined model's name, PROVIDER:MODEL (openai:gpt-4.1-mini) or base_url=URL model=MODEL.",
    "",
    "MODEL",
    cli=False,
)
THRESHOLD = Setting(
    "judge_threshold",
    f"under --refusal-judge=uncertain, verdicts scored below this go to the judge. Default: {DEFAULT_THRESHOLD}.",
    str(DEFAULT_THRESHOLD),
    "SCORE",
)
SETTINGS = (MODE, MODE_INI, MODEL, MODEL_INI, THRESHOLD)


def addoption(group: pytest.OptionGroup, parser: pytest.Parser) -> None:
    """Register the judge's `--refusal-judge*` options and `refusal_judge*` ini keys."""
    for setting in SETTINGS:
        if setting.cli:
            group.addoption(setting.flag, dest=setting.key, default=None, metavar=setting.metavar, help=setting.help)
        if setting.ini:
            parser.addini(setting.key, setting.help, default=setting.default)


def resolve(config: pytest.Config) -> JudgeSettings:
    """The judge's settings; a mistake is a ValueError (`options.resolve` makes it a usage error)."""
    mode = raw(config, MODE) or raw(config, MODE_INI)
    model = raw(config, MODEL) or raw(config, MODEL_INI)
    return check(mode, model, raw(config, THRESHOLD))
