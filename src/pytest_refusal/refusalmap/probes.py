"""What a validated probe map holds: its models, defaults, categories, tasks and probes, and the items they expand into.

`probemap` builds these from a `*.refusal.yaml` file and checks every field on the way; here
they are plain frozen values that the plugin, the baseline and the reports read. They are
named tuples: a run makes one `MapItem` per item, and a named tuple is made several times
faster than a frozen dataclass (whose class also costs about 1.5 ms to create at import).

A task is the product's own request wrapped around sensitive text (`translate: "Translate
into English: {text}"`): a probe that names it sends the template with its prompt as the
text, and may carry its own `expect` (a translation must comply where the bare question may
be refused).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from pytest_refusal.verdict import Expectation


class MapModel(NamedTuple):
    """One model as the map names it: a provider preset and/or a base URL, the model name, and the API it speaks.

    `fields()` is what `providers.parse_model` takes, so the plugin resolves presets and keys
    in one place for maps and ini lines alike.
    """

    name: str
    model: str
    provider: str | None = None
    base_url: str | None = None
    api_key_env: str | None = None
    line: int = 0
    api: str | None = None  # chat, responses, messages or gemini; None: the preset's (chat without one)

    def fields(self) -> dict[str, str]:
        found = {
            "model": self.model,
            "provider": self.provider,
            "base_url": self.base_url,
            "api_key_env": self.api_key_env,
            "api": self.api,
        }
        return {key: value for key, value in found.items() if value is not None}


class Defaults(NamedTuple):
    """Map-wide request settings; a probe's own `system`, `samples`, `min_rate` win over them."""

    temperature: float | None = None
    max_tokens: int | None = None
    samples: int | None = None
    min_rate: float | None = None
    system: str | None = None


class Params(NamedTuple):
    """Resolved request settings for one item (probe over defaults over built-ins)."""

    temperature: float | None
    max_tokens: int | None
    samples: int
    min_rate: float
    system: str | None


class Category(NamedTuple):
    """A category's policy: one expectation, or one per model with a default for the rest."""

    name: str
    default: Expectation | None
    per_model: tuple[tuple[str, Expectation], ...] = ()

    def expectation_for(self, model: str) -> Expectation:
        """The expectation for `model` (validation guarantees one exists for every map model)."""
        for name, expectation in self.per_model:
            if name == model:
                return expectation
        assert self.default is not None, "validated: every model has an expectation"
        return self.default


class Probe(NamedTuple):
    """One question, asked in one or more languages; `prompts` keeps the file's language order."""

    id: str
    category: str
    prompts: tuple[tuple[str, str], ...]
    system: str | None = None
    samples: int | None = None
    min_rate: float | None = None
    tags: tuple[str, ...] = ()
    line: int = 0
    task: str | None = None  # the name of a map task whose template wraps each prompt
    expect: Category | None = None  # the probe's own policy, over its category's


class Task(NamedTuple):
    """A workflow template: `{text}` marks where a probe's text goes."""

    name: str
    template: str

    def wrap(self, text: str) -> str:
        return self.template.replace(TEXT_FIELD, text)


TEXT_FIELD = "{text}"


class MapItem(NamedTuple):
    """One test item: a probe in one language sent to one model, with its policy and settings."""

    map_stem: str
    probe: Probe
    model: MapModel
    language: str
    prompt: str
    category: str
    expectation: Expectation
    params: Params

    @property
    def task(self) -> str:
        """The task the prompt is wrapped in ("" for a bare question)."""
        return self.probe.task or ""

    @property
    def name(self) -> str:
        """The item name pytest shows, e.g. `tiananmen-1989[kimi-zh]`."""
        return f"{self.probe.id}[{self.model.name}-{self.language}]"

    @property
    def nodeid_part(self) -> str:
        """What follows the file in the node id, e.g. `china_politics::tiananmen-1989[kimi-zh]`."""
        return f"{self.category}::{self.name}"

    @property
    def cassette(self) -> str:
        """Cassette path relative to the cassette directory: `<map>/<model>/<probe>-<lang>.yaml`."""
        return f"{self.map_stem}/{self.model.name}/{self.cassette_name}"

    @property
    def cassette_name(self) -> str:
        """The cassette's file name in its model's folder: `<probe>-<lang>.yaml` (validated names: one plain part)."""
        return f"{self.probe.id}-{self.language}.yaml"


class ProbeMap(NamedTuple):
    """A validated probe map; `items()` expands it in file order: probe, then model, then language."""

    path: str
    models: tuple[MapModel, ...]
    defaults: Defaults
    categories: tuple[Category, ...]
    probes: tuple[Probe, ...]
    tasks: tuple[Task, ...] = ()

    @property
    def stem(self) -> str:
        return map_stem(self.path)

    def items(self) -> Iterator[MapItem]:
        categories = {c.name: c for c in self.categories}
        tasks = {t.name: t for t in self.tasks}
        stem = self.stem
        shared: dict[Params, Params] = {}  # probes with the same settings share one value
        for probe in self.probes:
            params = _resolve(self.defaults, probe)
            params = shared.setdefault(params, params)
            policy = probe.expect or categories[probe.category]
            task = tasks[probe.task] if probe.task else None
            for model in self.models:
                expectation = policy.expectation_for(model.name)
                for language, prompt in probe.prompts:
                    yield MapItem(
                        stem,
                        probe,
                        model,
                        language,
                        task.wrap(prompt) if task else prompt,
                        probe.category,
                        expectation,
                        params,
                    )


def map_stem(path: str | Path) -> str:
    """`maps/china.refusal.yaml` → `china`: the folder name for the map's cassettes."""
    name = Path(path).name
    for suffix in (".refusal.yaml", ".refusal.yml", ".yaml", ".yml"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _resolve(defaults: Defaults, probe: Probe) -> Params:
    samples = probe.samples or defaults.samples or 1
    min_rate = probe.min_rate if probe.min_rate is not None else defaults.min_rate
    system = probe.system if probe.system is not None else defaults.system
    return Params(defaults.temperature, defaults.max_tokens, samples, 1.0 if min_rate is None else min_rate, system)
