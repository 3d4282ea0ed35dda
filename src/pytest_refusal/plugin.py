"""pytest entry point (`-p no:refusal` turns it off): wires pytest hooks to the session object and the core."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest

from pytest_refusal import hookspecs, markers, options
from pytest_refusal import session as session_module
from pytest_refusal.providers import Preset

# The fixtures live in their own module; pytest loads it as part of this plugin.
pytest_plugins = ["pytest_refusal.fixtures"]


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    pluginmanager.add_hookspecs(hookspecs)


def pytest_addoption(parser: pytest.Parser) -> None:
    options.addoption(parser)


def pytest_configure(config: pytest.Config) -> None:
    for line in markers.MARKER_LINES:
        config.addinivalue_line("markers", line)
    presets = _presets(config)
    session = session_module.RefusalSession(config, options.resolve(config, presets), presets)
    config.stash[session_module.SESSION_KEY] = session
    config.pluginmanager.register(_Collector(session), "refusal-collector")


class _Collector:
    """Hooks that need the session but receive no config: observations from reports, and the final report hook."""

    def __init__(self, session: session_module.RefusalSession) -> None:
        self.session = session

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # On xdist's controller this sees the workers' reports: one code path for both.
        self.session.collect(report)

    def pytest_sessionfinish(self) -> None:
        config = self.session.config
        if not hasattr(config, "workerinput"):  # the controller (or a plain run) reports, workers do not
            config.hook.pytest_refusal_report(config=config, observations=tuple(self.session.observations))


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


def pytest_report_header(config: pytest.Config) -> str:
    return session_module.get(config).header()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "refusal_model" not in metafunc.fixturenames:
        return
    selected = session_module.get(metafunc.config).options.selected
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
    default_min_rate = session_module.get(config).options.min_rate
    for item in items:
        marks = [(node, m) for node, m in item.iter_markers_with_node() if m.name in markers.NAMES]
        if not marks:
            continue
        closest = marks[0][0]
        # A test may override its module's or class's expectation, but one node cannot assert both.
        if len({m.name for node, m in marks if node is closest}) > 1:
            raise pytest.UsageError(
                f"{item.nodeid} carries both expect_refusal and expect_compliance; a test asserts one of them. "
                "Split it into two tests."
            )
        try:
            spec = markers.parse(marks[0][1], default_min_rate)  # the closest marker wins
        except ValueError as exc:
            raise pytest.UsageError(f"{item.nodeid}: {exc}") from None
        session_module.RefusalSession.state(item).spec = spec


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    session = session_module.get(item.config)
    try:
        result = yield
    except BaseException as exc:
        if session_module.ITEM_KEY in item.stash and isinstance(exc, Exception):
            session.judge(item, test_passed=False)  # keep the observation even when the test fails
            session.explain(item, exc)
        raise
    if session_module.ITEM_KEY in item.stash:
        session.judge(item, test_passed=True)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if call.excinfo is not None and call.excinfo.errisinstance(session_module.ProviderFault):
        # Read back by pytest_report_teststatus, also on the xdist controller (reports carry it).
        report.refusal_provider_fault = True  # type: ignore[attr-defined]
    return report


def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config) -> tuple[str, str, str] | None:
    if report.failed and getattr(report, "refusal_provider_fault", False):
        return "error", "E", "ERROR"
    return None


@pytest.hookimpl(trylast=True)
def pytest_refusal_classify(response: object, config: pytest.Config) -> Any:
    from pytest_refusal.detector import detect

    return detect(response)
