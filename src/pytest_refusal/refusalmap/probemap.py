"""Load and validate `*.refusal.yaml` probe maps: models, categories with expectations, tasks, probes.

A probe map expands into one item per probe × model × language. Every mistake in the file
raises `ProbeMapError` whose message says file:line, the field, what is valid and what to do,
so the plugin can turn it into a collection error for that file alone. The YAML is composed
into a node tree (not constructed) so each value keeps its line, and keys keep their source
text: the language `no` stays Norwegian instead of becoming the boolean False.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pytest_refusal import gcpause, limits
from pytest_refusal.apis import API_NAMES
from pytest_refusal.providers import url_problem
from pytest_refusal.refusalmap.probes import (
    TEXT_FIELD,
    Category,
    Defaults,
    MapItem,
    MapModel,
    Params,
    Probe,
    ProbeMap,
    Task,
    map_stem,
)
from pytest_refusal.refusalmap.yamlnodes import FileFormatError, NodeReader, compose, suggest
from pytest_refusal.verdict import Expectation

if TYPE_CHECKING:
    from pytest_refusal.refusalmap.yamlnodes import Node

__all__ = [  # the values are defined in `probes`; importers read them here too
    "Category",
    "Defaults",
    "MapItem",
    "MapModel",
    "Params",
    "Probe",
    "ProbeMap",
    "Task",
    "ProbeMapError",
    "load",
    "loads",
    "map_stem",
]

T = TypeVar("T")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*\Z")
# Names become cassette file and folder names: `<probe>-<lang>.yaml` plus a lock or temporary
# suffix must stay well under the 255 bytes file systems allow.
MAX_NAME = 120
_NAME_RULE = "letters, digits, '_', '.' and '-', starting with a letter or digit"


class ProbeMapError(FileFormatError):
    """A `*.refusal.yaml` file is not a valid probe map (message: file:line: what, valid, fix)."""


def load(path: str | Path, *, providers: Collection[str] | None = None) -> ProbeMap:
    """Read and validate a probe map file. `providers`: the known preset names (None: unchecked)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ProbeMapError(str(path), None, f"cannot read the probe map: {exc.strerror}") from None
    return loads(data, str(path), providers=providers)


def loads(data: bytes | str, path: str = "<probe map>", *, providers: Collection[str] | None = None) -> ProbeMap:
    """Validate probe map text; every problem raises `ProbeMapError` naming `path` and the line."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    with gcpause.paused():  # a node per scalar, none of them garbage until the map is built (see gcpause)
        return _validated(raw, path, providers)


def _validated(raw: bytes, path: str, providers: Collection[str] | None) -> ProbeMap:
    reader = NodeReader(path, ProbeMapError)
    root = compose(raw, path, ProbeMapError)
    if root is None:
        raise ProbeMapError(
            path,
            1,
            "the file is empty; a probe map needs `models`, `categories` and `probes` (see the example in the docs)",
        )
    top = reader.mapping(
        root,
        "the probe map",
        {"models", "defaults", "categories", "tasks", "probes"},
        required=("models", "categories", "probes"),
    )
    models = _models(reader, top["models"], providers)
    names = [m.name for m in models]
    defaults = _defaults(reader, top["defaults"]) if "defaults" in top else Defaults()
    categories = _categories(reader, top["categories"], names)
    tasks = _tasks(reader, top["tasks"]) if "tasks" in top else ()
    probes = _probes(reader, top["probes"], [c.name for c in categories], names, [t.name for t in tasks])
    _distinct_cassettes(path, models, probes)
    return ProbeMap(path, models, defaults, categories, probes, tasks)


def _tasks(reader: NodeReader, node: Node) -> tuple[Task, ...]:
    tasks = []
    for name, value in reader.entries(node, "`tasks`").items():
        _name(reader, value, name, "task")
        template = reader.text(value, f"the template of task `{name}`")
        if TEXT_FIELD not in template:
            reader.fail(
                value,
                f"the template of task `{name}` has no {TEXT_FIELD}; write where the probe's "
                f'text goes, e.g. `{name}: "Translate into English: {TEXT_FIELD}"`',
            )
        tasks.append(Task(name, template))
    return tuple(tasks)


def _distinct_cassettes(path: str, models: tuple[MapModel, ...], probes: tuple[Probe, ...]) -> None:
    """Two items must never share a cassette file, on any file system.

    `<probe>-<lang>.yaml` is ambiguous (probe `x-en` in zh and probe `x` in en-zh), and macOS and
    Windows checkouts ignore case: sharing would make one item replay the other's answers.
    """
    folders: dict[str, MapModel] = {}
    for model in models:
        other = folders.setdefault(model.name.casefold(), model)
        if other is not model:
            raise ProbeMapError(
                path,
                model.line or None,
                f"models `{other.name}` and `{model.name}` differ "
                "only in case, so they would share one cassette folder on macOS and "
                "Windows; rename one",
            )
    files: dict[str, tuple[Probe, str]] = {}
    for probe in probes:
        for language, _ in probe.prompts:
            name = f"{probe.id}-{language}"
            first, first_language = files.setdefault(name.casefold(), (probe, language))
            if first is not probe or first_language != language:
                raise ProbeMapError(
                    path,
                    probe.line or None,
                    f"probe `{probe.id}` ({language}) and probe "
                    f"`{first.id}` ({first_language}) would share the cassette "
                    f"{name}.yaml (names are compared ignoring case); rename one",
                )


def _name(reader: NodeReader, node: Node, text: str, what: str) -> str:
    if not _NAME.match(text):
        reader.fail(
            node,
            f"{what} {text!r} is not a valid name; use {_NAME_RULE} (it becomes part of test ids and cassette paths)",
        )
    if len(text) > MAX_NAME:
        reader.fail(
            node,
            f"{what} {text[:40]!r}... is {len(text)} characters long; use at most "
            f"{MAX_NAME} (it becomes a cassette file or folder name, and file systems "
            "allow 255 bytes)",
        )
    return text


def _models(reader: NodeReader, node: Node, providers: Collection[str] | None) -> tuple[MapModel, ...]:
    entries = reader.entries(node, "`models`")
    if not entries:
        reader.fail(node, "`models` is empty; name at least one, e.g. `gpt: {provider: openai, model: gpt-4.1-mini}`")
    return tuple(_model(reader, name, value, providers) for name, value in entries.items())


def _model(reader: NodeReader, name: str, node: Node, providers: Collection[str] | None) -> MapModel:
    _name(reader, node, name, "model")
    if name == "default":
        reader.fail(
            node, "`default` cannot name a model: it is the fallback key of per-model expectations; rename the model"
        )
    fields = reader.mapping(
        node, f"model `{name}`", {"provider", "base_url", "model", "api_key_env", "api"}, required=("model",)
    )
    text = {k: reader.text(v, f"`{k}` of model `{name}`") for k, v in fields.items()}
    provider = text.get("provider")
    if provider is None and "base_url" not in text:
        reader.fail(
            node,
            f"model `{name}` needs `provider` (a preset such as openai or "
            "moonshot) or `base_url` (any OpenAI-compatible endpoint)",
        )
    if provider is not None and providers is not None and provider not in providers:
        reader.fail(
            fields["provider"],
            f"unknown provider {provider!r} for model `{name}`"
            f"{suggest(provider, providers)}; valid: {', '.join(sorted(providers))}"
            " — or give `base_url` for any OpenAI-compatible endpoint",
        )
    base_url = text.get("base_url")
    broken = url_problem(base_url) if base_url is not None else None
    if broken:
        reader.fail(
            fields["base_url"],
            f"`base_url` of model `{name}` is not a valid URL "
            f"({broken}): {base_url!r}; write it like http://127.0.0.1:8080/v1 "
            "(an IPv6 address in brackets: http://[::1]:8080/v1)",
        )
    if base_url is not None and not base_url.startswith(("http://", "https://")):
        reader.fail(
            fields["base_url"],
            f"`base_url` of model `{name}` must be an http(s) URL, e.g. http://127.0.0.1:8080/v1, not {base_url!r}",
        )
    api = text.get("api")
    if api is not None and api not in API_NAMES:
        reader.fail(
            fields["api"],
            f"unknown api {api!r} for model `{name}`{suggest(api, API_NAMES)}; "
            f"valid: {', '.join(API_NAMES)} (chat: /chat/completions, responses: OpenAI "
            "Responses, messages: Anthropic Messages, gemini: generateContent)",
        )
    return MapModel(name, text["model"], provider, base_url, text.get("api_key_env"), reader.line(node), api)


def _defaults(reader: NodeReader, node: Node) -> Defaults:
    fields = reader.mapping(node, "`defaults`", {"temperature", "max_tokens", "samples", "min_rate", "system"})
    temperature = _get(fields, "temperature", "`defaults`", lambda n, what: reader.number(n, what, low=0.0, high=2.0))
    max_tokens = _get(fields, "max_tokens", "`defaults`", reader.count)
    return Defaults(temperature, max_tokens, *_sampling(reader, fields, "`defaults`"))


def _sampling(reader: NodeReader, fields: dict[str, Node], where: str) -> tuple[int | None, float | None, str | None]:
    """`samples`, `min_rate` and `system`: settable map-wide and per probe."""
    return (
        _get(fields, "samples", where, lambda n, what: _samples(reader, n, what)),
        _get(fields, "min_rate", where, lambda n, what: _min_rate(reader, n, what)),
        _get(fields, "system", where, reader.text),
    )


def _samples(reader: NodeReader, node: Node, what: str) -> int:
    value = reader.count(node, what)
    if not limits.samples_ok(value):
        reader.fail(node, f"{what} is {value}; expected {limits.SAMPLES_RANGE} (--refusal-samples has the same cap)")
    return value


def _min_rate(reader: NodeReader, node: Node, what: str) -> float:
    value = reader.number(node, what, low=0.0, high=1.0)
    if not limits.min_rate_ok(value):
        reader.fail(
            node,
            f"{what} is {value:g}; expected {limits.MIN_RATE_RANGE} "
            "(a min_rate of 0 would pass a probe that never met its expectation)",
        )
    return value


def _get(fields: dict[str, Node], key: str, where: str, read: Callable[[Node, str], T]) -> T | None:
    return read(fields[key], f"`{key}` of {where}") if key in fields else None


def _categories(reader: NodeReader, node: Node, models: list[str]) -> tuple[Category, ...]:
    entries = reader.entries(node, "`categories`")
    if not entries:
        reader.fail(node, "`categories` is empty; add one, e.g. `weapons: {expect: refuse}`")
    return tuple(_category_entry(reader, name, value, models) for name, value in entries.items())


def _category_entry(reader: NodeReader, name: str, node: Node, models: list[str]) -> Category:
    _name(reader, node, name, "category")
    fields = reader.mapping(node, f"category `{name}`", {"expect"}, required=("expect",))
    return _category(reader, name, fields["expect"], models, f"category `{name}`")


def _category(reader: NodeReader, name: str, expect: Node, models: list[str], where: str) -> Category:
    """An `expect:` value (one expectation, or per model with `default`) of `where` (a category or a probe)."""
    if not reader.is_mapping(expect):
        return Category(name, _expectation(reader, expect, where))
    per_model: list[tuple[str, Expectation]] = []
    default: Expectation | None = None
    for model, value in reader.entries(expect, f"`expect` of {where}").items():
        if model == "default":
            default = _expectation(reader, value, where)
        elif model not in models:
            reader.fail(
                value,
                f"`expect` of {where} names unknown model {model!r}"
                f"{suggest(model, models)}; models in this map: "
                f"{', '.join(models)} (or `default` for all others)",
            )
        else:
            per_model.append((model, _expectation(reader, value, where)))
    missing = [m for m in models if m not in dict(per_model)]
    if default is None and missing:
        reader.fail(
            expect,
            f"{where} has no expectation for model(s) {', '.join(missing)}; add `default: <expectation>` or list them",
        )
    return Category(name, default, tuple(per_model))


def _expectation(reader: NodeReader, node: Node, where: str) -> Expectation:
    value = reader.text(node, f"`expect` of {where}")
    valid = [e.value for e in Expectation]
    if value not in valid:
        reader.fail(node, f"unknown expectation {value!r} in {where}{suggest(value, valid)}; valid: {', '.join(valid)}")
    return Expectation(value)


_PROBE_KEYS = {"id", "category", "prompt", "system", "samples", "min_rate", "tags", "task", "expect"}


def _probes(
    reader: NodeReader, node: Node, categories: list[str], models: list[str], tasks: list[str]
) -> tuple[Probe, ...]:
    nodes = reader.sequence(node, "`probes`")
    if not nodes:
        reader.fail(node, "`probes` is empty; add one with `id`, `category` and `prompt`")
    seen: dict[str, int] = {}
    probes = []
    for item in nodes:
        probe = _probe(reader, item, categories, models, tasks)
        if probe.id in seen:
            reader.fail(
                item,
                f"duplicate probe id {probe.id!r} (first at line "
                f"{seen[probe.id]}); probe ids name cassettes, so make each unique",
            )
        seen[probe.id] = probe.line
        probes.append(probe)
    return tuple(probes)


def _probe(reader: NodeReader, node: Node, categories: list[str], models: list[str], tasks: list[str]) -> Probe:
    fields = reader.mapping(node, "a probe", _PROBE_KEYS, required=("id", "category", "prompt"))
    probe_id = _name(reader, fields["id"], reader.text(fields["id"], "probe `id`"), "probe id")
    where = f"probe `{probe_id}`"
    category = sys.intern(reader.text(fields["category"], f"`category` of {where}"))  # one string per name
    if category not in categories:
        reader.fail(
            fields["category"],
            f"{where} names unknown category {category!r}"
            f"{suggest(category, categories)}; categories in this map: "
            f"{', '.join(categories)}",
        )
    tags = _get(fields, "tags", where, reader.sequence) or []
    samples, min_rate, system = _sampling(reader, fields, where)
    task = reader.text(fields["task"], f"`task` of {where}") if "task" in fields else None
    if task is not None and task not in tasks:
        known = f"tasks in this map: {', '.join(tasks)}" if tasks else "this map declares no `tasks:`"
        reader.fail(
            fields["task"],
            f"{where} names unknown task {task!r}{suggest(task, tasks)}; {known} "
            '(declare it at the top: `tasks: {translate: "Translate into English: {text}"}`)',
        )
    expect = _category(reader, category, fields["expect"], models, where) if "expect" in fields else None
    return Probe(
        probe_id,
        category,
        _prompts(reader, fields["prompt"], where),
        system,
        samples,
        min_rate,
        tuple(reader.text(t, f"a tag of {where}") for t in tags),
        reader.line(node),
        task,
        expect,
    )


def _prompts(reader: NodeReader, node: Node, where: str) -> tuple[tuple[str, str], ...]:
    if not reader.is_mapping(node):
        reader.fail(
            node, f"`prompt` of {where} must map a language to its text, e.g. `prompt: {{en: What happened in 1989?}}`"
        )
    entries = reader.entries(node, f"`prompt` of {where}")
    if not entries:
        reader.fail(node, f"{where} has no prompt; give at least one language, e.g. `en: ...`")
    prompts = []
    for language, value in entries.items():
        if not _LANGUAGE.match(language):
            reader.fail(
                value, f"{language!r} in `prompt` of {where} is not a language code; use a code such as en, zh, pt-BR"
            )
        text = reader.text(value, f"the {language} prompt of {where}", allow_empty=True)
        if not text.strip():
            reader.fail(value, f"the {language} prompt of {where} is empty; write the question, or remove the language")
        prompts.append((sys.intern(language), text))
    return tuple(prompts)
