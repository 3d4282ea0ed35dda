"""Command-line options and ini keys, and the one place where CLI > ini > default is resolved."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from pytest_refusal import limits
from pytest_refusal.cassette.recordmode import RecordMode
from pytest_refusal.judge.settings import JudgeSettings
from pytest_refusal.plugin.baseurls import BaseUrls
from pytest_refusal.plugin.baseurls import parse as parse_base_urls
from pytest_refusal.plugin.setting import Setting, raw
from pytest_refusal.providers import (
    PRESETS,
    ModelSpec,
    Preset,
    ProviderError,
    parse_model,
    parse_model_lines,
    select,
)

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "record",
        "cassette record mode: none (replay only; CI default), once (record missing cassettes), "
        "new_episodes (add unrecorded requests), all (record everything again), stale (record again only the "
        "refusal-map cassettes older than refusal_max_age). Default: none.",
        "none",
        "MODE",
    ),
    Setting(
        "models",
        "comma-separated names of the models to run, in tests and refusal maps (default: every defined "
        "model). Define models in the refusal_models ini key, a models file or a refusal map.",
        "",
        "NAMES",
        ini=False,  # the ini key of this name defines models; see MODELS_INI
    ),
    Setting(
        "models_file",
        "YAML file whose `models:` section defines models (a refusal map can serve). Default: none.",
        "",
        "PATH",
    ),
    Setting(
        "cassette_dir", "where cassettes are kept, relative to the rootdir. Default: cassettes.", "cassettes", "DIR"
    ),
    Setting(
        "max_retries",
        "retries (with backoff, honouring Retry-After) for 408/429/5xx, timeouts and resets. Default: 3.",
        "3",
        "N",
    ),
    Setting("timeout", "seconds to wait for one provider response. Default: 60.", "60", "SECONDS"),
    Setting(
        "min_rate",
        "share of samples that must meet the expectation when a marker sets samples but no min_rate. Default: 1.0.",
        "1.0",
        "RATE",
    ),
    Setting(
        "samples",
        "responses to ask for per probe; overrides samples: in refusal maps and markers. Default: as they say.",
        "",
        "N",
    ),
    Setting(
        "baseline",
        "the accepted refusal map that drift is measured against, relative to the rootdir. "
        "Default: refusal-baseline.yaml.",
        "refusal-baseline.yaml",
        "PATH",
    ),
    Setting(
        "concurrency",
        "when recording refusal maps, fetch up to N missing cassettes at once (per process; xdist workers "
        "share the work). Default: 1.",
        "1",
        "N",
    ),
    Setting(
        "drift",
        "what a verdict that differs from the baseline does: fail (the test fails) or warn. Default: fail.",
        "fail",
        "fail|warn",
    ),
    Setting(
        "max_age",
        "how old a cassette's recording may be before it is reported stale, e.g. 30d, 12h, 2w. Default: no limit.",
        "",
        "AGE",
    ),
    Setting(
        "stale",
        "what a refusal-map cassette older than refusal_max_age does on replay: fail (the item fails, naming "
        "the cassette and its age) or warn. Default: fail.",
        "fail",
        "fail|warn",
    ),
    Setting(
        "base_url",
        "send models' requests to another OpenAI-compatible server (llama.cpp, vLLM, Ollama, a proxy, the "
        "scripted server of pytest_refusal.testing): a URL for every model, or NAME=URL per model or preset, "
        "comma-separated, e.g. kimi=http://127.0.0.1:8080/v1. Models keep their key variable; replay still "
        "connects nowhere. Default: each model's own.",
        "",
        "URL",
    ),
    Setting(
        "allow_hosts",
        "comma-separated hosts a replaying test may still connect to (e.g. 127.0.0.1,localhost,::1 for local "
        "services); every other connection is refused while recording is off. Default: none.",
        "",
        "HOSTS",
    ),
)

MODELS_INI = (
    "refusal_models",
    "model definitions, one per line: NAME = PROVIDER:MODEL (kimi = moonshot:kimi-k2-0905-preview) "
    "or NAME = base_url=URL model=MODEL [api_key_env=VAR]",
)


def addoption(parser: pytest.Parser) -> None:
    """Register every `--refusal-*` option and `refusal_*` ini key."""
    group = parser.getgroup("refusal", "pytest-refusal: test what a model will and will not answer")
    for setting in SETTINGS:
        if setting.cli:
            group.addoption(setting.flag, dest=setting.key, default=None, metavar=setting.metavar, help=setting.help)
        if setting.ini:
            parser.addini(setting.key, setting.help, default=setting.default)
    parser.addini(MODELS_INI[0], MODELS_INI[1], type="linelist", default=[])
    group.addoption(
        "--refusal-update-baseline",
        dest="refusal_update_baseline",
        action="store_true",
        default=False,
        help="accept the observed verdicts into the baseline (drift is accepted, policy failures never are); "
        "entries whose probe is gone are removed on full runs only.",
    )
    group.addoption(
        "--refusal-report",
        dest="refusal_report",
        action="append",
        default=[],
        metavar="PATH",
        help="write the refusal map to PATH, format by suffix: .json, .md or .html (repeatable).",
    )
    from pytest_refusal.plugin import judgeoptions

    judgeoptions.addoption(group, parser)


@dataclass(frozen=True)
class Options:
    """Every setting, resolved and validated."""

    record_mode: RecordMode
    cassette_dir: Path
    models: Mapping[str, ModelSpec]
    selected: tuple[ModelSpec, ...]  # the defined models tests run against (refusal maps name their own)
    max_retries: int
    timeout: float
    min_rate: float
    samples: int | None = None
    baseline: Path = Path("refusal-baseline.yaml")
    drift: str = "fail"
    concurrency: int = 1
    update_baseline: bool = False
    reports: tuple[Path, ...] = ()
    # --refusal-models as given (None: every model). Names a refusal map defines are checked after collection.
    model_names: tuple[str, ...] | None = None
    allow_hosts: tuple[str, ...] = ()  # reachable while replaying (see netguard)
    base_urls: BaseUrls = BaseUrls()  # --refusal-base-url, already applied to `models`; maps apply it to theirs
    judge: JudgeSettings = JudgeSettings()  # the LLM judge stage (see judgeoptions)
    max_age: timedelta | None = None  # --refusal-max-age: older recordings are stale (see cassette.age)
    stale: str = "fail"
    record_stale: bool = False  # --refusal-record=stale: record mode `all`, for the stale cassettes alone


def resolve(config: pytest.Config, extra_presets: Mapping[str, Preset] = {}) -> Options:
    """Read and check every setting; a mistake is a `pytest.UsageError` that says what is valid."""
    values = {s.name: raw(config, s) for s in SETTINGS}
    try:
        presets = {**PRESETS, **extra_presets}
        base_urls = parse_base_urls(values["base_url"])
        models = base_urls.apply_all(_models(config, values["models_file"], presets))
        names = tuple(dict.fromkeys(n.strip() for n in values["models"].split(",") if n.strip())) or None
        max_age = _max_age(values["max_age"])
        record_stale = values["record"].strip().lower() == "stale"
        if record_stale and max_age is None:
            raise ValueError(
                "--refusal-record=stale needs --refusal-max-age (ini refusal_max_age), e.g. 30d: "
                "it records again the cassettes older than that"
            )
        return Options(
            record_mode=RecordMode.ALL if record_stale else RecordMode.parse(values["record"]),
            cassette_dir=_cassette_dir(config.rootpath / values["cassette_dir"], values["cassette_dir"]),
            models=models,
            selected=tuple(select(models, None if names is None else [n for n in names if n in models])),
            max_retries=_number(values["max_retries"], "max_retries", int, 0, 100),
            timeout=_number(values["timeout"], "timeout", float, 0.001, 3600),
            min_rate=_min_rate(values["min_rate"]),
            samples=_number(values["samples"], "samples", int, 1, limits.MAX_SAMPLES) if values["samples"] else None,
            baseline=_baseline(config.rootpath / values["baseline"], values["baseline"]),
            drift=_choice(values["drift"], "drift", ("fail", "warn")),
            concurrency=_number(values["concurrency"], "concurrency", int, 1, 256),
            update_baseline=bool(config.getoption("refusal_update_baseline", default=False)),
            reports=_reports(config),
            model_names=names,
            allow_hosts=_hosts(values["allow_hosts"]),
            base_urls=base_urls,
            judge=_judge(config),
            max_age=max_age,
            stale=_choice(values["stale"], "stale", ("fail", "warn")),
            record_stale=record_stale,
        )
    except ValueError as exc:
        from pytest_refusal.scrub import clean  # a bad base_url may hold user:password

        # `user:password@host` typed without its scheme is no URL for `clean`, but still a password
        message = _BARE_USERINFO.sub("[redacted]@", clean(f"pytest-refusal: {exc}"))
        raise pytest.UsageError(message) from None


_BARE_USERINFO = re.compile(r"(?<![\w/@])[^\s'\"/@:]+:[^\s'\"/@]+@")


def _judge(config: pytest.Config) -> JudgeSettings:
    from pytest_refusal.plugin import judgeoptions

    return judgeoptions.resolve(config)


def _models(config: pytest.Config, models_file: str, presets: Mapping[str, Preset]) -> dict[str, ModelSpec]:
    models = parse_model_lines(config.getini(MODELS_INI[0]), presets)
    if models_file:
        for name, spec in _models_from_yaml(config.rootpath / models_file, presets).items():
            if name in models:
                raise ProviderError(f"model {name!r} is defined both in refusal_models and in {models_file}")
            models[name] = spec
    return models


def _models_from_yaml(path: Path, presets: Mapping[str, Preset]) -> dict[str, ModelSpec]:
    import yaml  # lazy: only runs when a models file is configured

    if not path.is_file():
        raise ProviderError(f"models file {path} does not exist; fix refusal_models_file or --refusal-models-file")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ProviderError(
            f"models file {path} is not UTF-8 text (byte {exc.object[exc.start]:#04x} at offset {exc.start}); "
            "save it as UTF-8 and run again"
        ) from None
    except yaml.YAMLError as exc:
        raise ProviderError(f"models file {path} is not valid YAML: {exc}") from None
    section = data.get("models") if isinstance(data, dict) else None
    if not isinstance(section, dict):
        raise ProviderError(
            f"models file {path} has no `models:` mapping; expected e.g.\n"
            "models:\n  kimi: {provider: moonshot, model: kimi-k2-0905-preview}"
        )
    models: dict[str, ModelSpec] = {}
    for name, fields in section.items():
        if not isinstance(fields, dict):
            raise ProviderError(f"model {name!r} in {path} is {fields!r}; expected a mapping with model: and provider:")
        models[str(name)] = parse_model(str(name), fields, presets)
    return models


def _number(text: str, name: str, kind: type[Any], low: float, high: float) -> Any:
    try:
        value = kind(text)
    except ValueError:
        raise ValueError(f"refusal_{name} is {text!r}; expected a number from {low:g} to {high:g}") from None
    if not low <= value <= high:
        raise ValueError(f"refusal_{name} is {text!r}; expected a number from {low:g} to {high:g}")
    return value


def _max_age(text: str) -> timedelta | None:
    if not text.strip():
        return None  # the usual run: no age limit, so the cassette-age module is not loaded
    from pytest_refusal.cassette.age import parse_max_age

    return parse_max_age(text)


def _hosts(text: str) -> tuple[str, ...]:
    if not text.strip():
        return ()  # the usual run: nothing allowed, so the network guard's module waits until a cassette replays
    from pytest_refusal.cassette.netguard import parse_hosts

    return parse_hosts(text)


def _cassette_dir(path: Path, text: str) -> Path:
    """The cassette folder; something else in its place fails now, not at every item."""
    if path.exists() and not path.is_dir():
        raise ValueError(
            f"refusal_cassette_dir (--refusal-cassette-dir) is {text!r}, but {path} is a file, not a folder; "
            "move the file away or name another folder"
        )
    return path


def _baseline(path: Path, text: str) -> Path:
    """The baseline file; a folder in its place (or a file in place of its folder) fails now, not every item."""
    blocked = next((p for p in (path, *path.parents) if p.exists()), None)
    if blocked == path and path.is_dir():
        raise ValueError(
            f"refusal_baseline (--refusal-baseline) is {text!r}, but {path} is a folder; "
            f"name a file in it instead, e.g. --refusal-baseline={Path(text) / 'refusal-baseline.yaml'}"
        )
    if blocked is not None and blocked != path and not blocked.is_dir():
        raise ValueError(
            f"refusal_baseline (--refusal-baseline) is {text!r}, but {blocked} is a file, not a folder; "
            "name a baseline file in a folder"
        )
    return path


def _min_rate(text: str) -> float:
    """A share above 0: a min_rate of 0 would pass a probe that never met its expectation."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not limits.min_rate_ok(value):
        raise ValueError(f"refusal_min_rate is {text!r}; expected {limits.MIN_RATE_RANGE}")
    return value


def _choice(text: str, name: str, valid: tuple[str, ...]) -> str:
    value = text.strip().lower()
    if value not in valid:
        raise ValueError(f"refusal_{name} is {text!r}; valid: {', '.join(valid)}")
    return value


def _reports(config: pytest.Config) -> tuple[Path, ...]:
    """Report paths, relative to where pytest was started (as --junitxml); unknown suffixes fail now, not at the end."""
    given = tuple(config.getoption("refusal_report", default=None) or ())
    paths = tuple(config.invocation_params.dir / p for p in given)
    if not paths:
        return ()
    from pytest_refusal.atomicfile import unwritable
    from pytest_refusal.report.files import ReportPathError, check_paths

    try:
        check_paths(paths)
    except ReportPathError as exc:
        raise ValueError(str(exc).replace(str(config.invocation_params.dir) + os.sep, "")) from None
    for text, path in zip(given, paths, strict=False):
        problem = unwritable(path)
        if problem:  # found now, not after the whole run
            raise ValueError(
                f"--refusal-report={text} cannot be written: {problem}. Name a file in a folder you can write to."
            )
    return paths


def live_secrets(models: Mapping[str, ModelSpec], presets: Mapping[str, Preset] = PRESETS) -> tuple[str, ...]:
    """The API key values present in the environment, for the cassette audit (read at use, never at import)."""
    return tuple(sorted({os.environ[n] for n in key_names(models, presets) if os.environ.get(n)}))


def key_names(models: Mapping[str, ModelSpec], presets: Mapping[str, Preset] = PRESETS) -> tuple[str, ...]:
    """The environment variables that hold the API keys of `models` and `presets`, sorted."""
    names = {p.key_env for p in presets.values() if p.key_env} | {m.key_env for m in models.values() if m.key_env}
    return tuple(sorted(names))
