"""pytest entry point (`-p no:refusal` turns it off): wires pytest hooks to the session object and the core."""

from __future__ import annotations

import dataclasses
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from pytest_refusal import gcpause
from pytest_refusal.plugin import faults, hookspecs, itemstate, keys, markers, options, redaction, runend, selection
from pytest_refusal.plugin import session as session_module
from pytest_refusal.providers import Preset

# The fixtures live in their own module; pytest loads it as part of this plugin.
pytest_plugins = ["pytest_refusal.plugin.fixtures"]


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    pluginmanager.add_hookspecs(hookspecs)


def pytest_addoption(parser: pytest.Parser) -> None:
    options.addoption(parser)


def pytest_configure(config: pytest.Config) -> None:
    for line in (*markers.MARKER_LINES, MAP_MARKER_LINE):
        config.addinivalue_line("markers", line)
    presets = _presets(config)
    session = session_module.RefusalSession(config, options.resolve(config, presets), presets)
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None and keys.STARTED_INPUT in workerinput:
        session.started = float(workerinput[keys.STARTED_INPUT])  # one run start for every xdist worker
    config.stash[session_module.SESSION_KEY] = session
    config.pluginmanager.register(runend.RunEnd(session), "refusal-run-end")
    config.pluginmanager.register(redaction.Redaction(session), "refusal-redaction")
    if session.options.max_age is not None:
        from pytest_refusal.plugin.agewatch import AgeWatch

        config.pluginmanager.register(AgeWatch(session), "refusal-age-watch")


def pytest_unconfigure(config: pytest.Config) -> None:
    session = config.stash.get(session_module.SESSION_KEY, None)
    if session is not None:
        session.close()


MAP_SUFFIXES = runend.MAP_SUFFIXES
MAP_MARKER_LINE = (
    "refusal_map(model, category, language, probe, expect): set on every refusal-map item; "
    "select with e.g. -m \"refusal_map(model='kimi')\". See pytest-refusal."
)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.name.endswith(MAP_SUFFIXES):
        from pytest_refusal.plugin import items  # only projects with refusal maps pay for loading them

        return items.MapFile.from_parent(parent, path=file_path)
    return None


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Do not walk the cassette folder: thousands of cassettes, no tests (unless someone put Python files there)."""
    cassette_dir = session_module.get(config).options.cassette_dir
    if collection_path.name != cassette_dir.name or collection_path != cassette_dir:
        return None
    if cassette_dir in (config.rootpath, *config.rootpath.parents) or _holds_python(cassette_dir):
        return None
    return True


def _holds_python(folder: Path) -> bool:
    import os

    return any(name.endswith(".py") for _, _, names in os.walk(folder) for name in names)


def _presets(config: pytest.Config) -> dict[str, Preset]:
    extra: dict[str, Preset] = {}
    for result in config.hook.pytest_refusal_providers(config=config):
        for preset in result.values() if isinstance(result, dict) else result or ():
            if not isinstance(preset, Preset):
                raise pytest.UsageError(
                    f"pytest_refusal_providers returned {preset!r}; expected pytest_refusal.providers.Preset objects"
                )
            extra[preset.name] = preset
    return extra


def pytest_report_header(config: pytest.Config) -> list[str]:
    from pytest_refusal.plugin import mapnames

    misnamed = mapnames.header_line(config.rootpath)  # once per run: the header is printed once, by the controller
    return [session_module.get(config).header(), *([misnamed] if misnamed else [])]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "refusal_model" not in metafunc.fixturenames:
        return
    selected = session_module.get(metafunc.config).options.selected
    unselected = selection.unselected_models_reason(metafunc.config)
    if unselected:  # --refusal-models names only models of refusal maps
        metafunc.parametrize(
            "refusal_model",
            [pytest.param(None, marks=pytest.mark.skip(reason=unselected))],
            ids=["none"],
            indirect=True,
        )
        return
    if not selected:
        # A collection error for this module only, shown as the message alone.
        pytest.fail(
            f"{metafunc.definition.nodeid} uses refusal_model (through ask or a refusal client), but no model "
            "is defined. Add to your ini file, e.g.\n"
            "  refusal_models =\n      kimi = moonshot:kimi-k2-0905-preview\n"
            "or name a YAML file with a `models:` section in refusal_models_file.",
            pytrace=False,
        )
    metafunc.parametrize("refusal_model", selected, ids=[m.name for m in selected], indirect=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    selection.apply_model_names(config, items)
    selection.check_base_url_names(config, items)
    map_item_type: type[pytest.Item] | None = None
    if session_module.get(config).map_models:
        from pytest_refusal.plugin.items import MapProbe

        map_item_type = MapProbe
    for item in items:
        if map_item_type is not None and isinstance(item, map_item_type):
            continue  # a refusal-map item: its expectation comes from its map, not from markers
        marks = [(node, m) for node, m in item.iter_markers_with_node() if m.name in markers.NAMES]
        if marks:
            try:
                session_module.RefusalSession.state(item).spec = _spec(config, marks)
            except ValueError as exc:
                # An error of this test alone (raised by the _refusal_item fixture); the session goes on.
                session_module.RefusalSession.state(item).problem = f"{item.nodeid}: {exc}"
    selection.apply_marker_models(config, items)


def _spec(config: pytest.Config, marks: list[tuple[Any, pytest.Mark]]) -> markers.ExpectSpec:
    """The expectation the closest expect_* marker states; ValueError (saying what is allowed) for a bad one."""
    options = session_module.get(config).options
    closest = marks[0][0]
    # A test may override its module's or class's expectation, but one node cannot assert both.
    if len({m.name for node, m in marks if node is closest}) > 1:
        raise ValueError(
            "carries both expect_refusal and expect_compliance; a test asserts one of them. Split it into two tests."
        )
    spec = markers.parse(marks[0][1], options.min_rate)  # the closest marker wins
    if options.samples is not None:  # --refusal-samples wins over the marker
        samples = options.samples
        rate = spec.min_rate if "min_rate" in marks[0][1].kwargs else (options.min_rate if samples > 1 else 1.0)
        spec = dataclasses.replace(spec, samples=samples, min_rate=rate)
    return spec


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    session = session_module.get(item.config)
    try:
        try:
            result = yield
        except Exception as exc:
            if itemstate.ITEM_KEY in item.stash:
                _judge_marked(session, item, test_passed=False)  # keep the observation even when the test fails
                session.explain(item, exc)
            raise
        if itemstate.ITEM_KEY in item.stash:
            _judge_marked(session, item, test_passed=True)
        return result
    except faults.ProviderFault:
        session.state(item).faulted = True  # its cassette is discarded, not written (see close_cassette)
        raise
    except (KeyboardInterrupt, SystemExit, pytest.exit.Exception):
        if itemstate.ITEM_KEY in item.stash:
            session.state(item).faulted = True  # stopped mid-test: what it recorded is a fragment, never written
        raise


def _judge_marked(session: session_module.RefusalSession, item: pytest.Item, *, test_passed: bool) -> None:
    if session.state(item).cassette is None:
        return  # nothing went through a cassette (a refusal-map item judges itself): nothing to judge here
    from pytest_refusal.plugin import judging  # only runs whose tests ask a model load it

    judging.judge_marked(session, item, test_passed=test_passed)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, object, object]:
    try:
        return (yield)
    finally:  # every report of the item is made: its run's state is needed no more
        itemstate.release(item)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if call.excinfo is not None and call.excinfo.errisinstance(faults.ProviderFault):
        # Read back by pytest_report_teststatus, also on the xdist controller (reports carry it).
        setattr(report, keys.PROVIDER_FAULT_ATTRIBUTE, True)
    return report


def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config) -> tuple[str, str, str] | None:
    if report.failed and getattr(report, keys.PROVIDER_FAULT_ATTRIBUTE, False):
        return "error", "E", "ERROR"
    return None


@pytest.hookimpl(trylast=True)
def pytest_refusal_classify(response: object, config: pytest.Config, prompt: str | None) -> Any:
    from pytest_refusal.detector import detect

    with gcpause.paused():  # the first verdict in a language builds its cue matchers (see gcpause)
        return detect(response, prompt=prompt)
