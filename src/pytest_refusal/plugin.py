"""pytest entry point (`-p no:refusal` turns it off): wires pytest hooks to the session object and the core."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Generator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pytest_refusal import hookspecs, markers, options
from pytest_refusal import session as session_module
from pytest_refusal.providers import Preset

if TYPE_CHECKING:
    from pytest_refusal.observation import Observation
    from pytest_refusal.summary import Outcome

# The fixtures live in their own module; pytest loads it as part of this plugin.
pytest_plugins = ["pytest_refusal.fixtures"]


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
    if workerinput is not None and "refusal_started" in workerinput:
        session.started = float(workerinput["refusal_started"])  # one run start for every xdist worker
    config.stash[session_module.SESSION_KEY] = session
    config.pluginmanager.register(_Collector(session), "refusal-collector")


def pytest_unconfigure(config: pytest.Config) -> None:
    session = config.stash.get(session_module.SESSION_KEY, None)
    if session is not None:
        session.close()


MAP_SUFFIXES = (".refusal.yaml", ".refusal.yml")
NO_CASSETTE = "no cassette for "  # how a map item's skip reason starts when it was never recorded
MAP_MARKER_LINE = (
    "refusal_map(model, category, language, probe, expect): set on every refusal-map item; "
    "select with e.g. -m \"refusal_map(model='kimi')\". See pytest-refusal."
)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.name.endswith(MAP_SUFFIXES):
        from pytest_refusal import (
            mapitems,  # only projects with refusal maps pay for loading them
        )

        return mapitems.MapFile.from_parent(parent, path=file_path)
    return None


class _Collector:
    """Hooks that need the session but receive no config: observations from reports, and the end of the run."""

    def __init__(self, session: session_module.RefusalSession) -> None:
        self.session = session
        self.skipped = 0
        self.unrecorded = 0  # map items skipped because nobody recorded them yet
        self.tested_nothing = False
        self.collect_failed = 0

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # On xdist's controller this sees the workers' reports: one code path for both.
        self.session.collect(report)
        self.skipped += report.skipped
        self.unrecorded += report.skipped and NO_CASSETTE in str(report.longrepr)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        self.collect_failed += report.failed

    def pytest_deselected(self, items: Sequence[pytest.Item]) -> None:
        self.session.deselected += len(items)

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        # xdist: cassettes written after the run started were fetched by some worker of this run.
        node.workerinput["refusal_started"] = self.session.started

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        # xdist: workers deselect (-k, --lf); the controller learns how many from their output.
        self.session.deselected += int(getattr(node, "workeroutput", {}).get("refusal_deselected", 0))

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> Generator[None, object, object]:
        # A broken probe map is a collection error for that file, yet the rest of the run goes on:
        # pytest stops before running anything when it counts collection failures, so hide ours
        # from that check and count them again afterwards (the exit code still says "failed").
        hidden = min(len(self.session.map_collect_errors), session.testsfailed)
        session.testsfailed -= hidden
        try:
            return (yield)
        finally:
            session.testsfailed += hidden

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        config = self.session.config
        workeroutput = getattr(config, "workeroutput", None)
        if workeroutput is not None:  # an xdist worker: the controller reports
            workeroutput["refusal_deselected"] = self.session.deselected
            return
        observations = tuple(self.session.observations)
        if self.unrecorded and not any(o.nodeid.split("::")[0].endswith(MAP_SUFFIXES) for o in observations):
            # Every map item was skipped for want of a recording: a green run would have tested nothing.
            self.tested_nothing = True
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
        self.session.outcome = outcome = self._finish(session, observations)
        config.hook.pytest_refusal_report(
            config=config, observations=observations, refusal_map=outcome.refusal_map if outcome else None
        )

    def _finish(self, session: pytest.Session, observations: Sequence[Observation]) -> Outcome | None:
        if not observations:
            return None  # most runs: no refusal test at all, so load nothing more
        from pytest_refusal import summary
        from pytest_refusal.baseline import BaselineError

        if not summary.mapped(observations):
            return None  # nothing to map; and an update with nothing observed must not empty the baseline
        opts = self.session.options
        try:
            accepted = self.session.baseline()
        except BaselineError:
            return None  # every map item already failed with the message; no map without a readable baseline
        when = summary.now()
        outcome = summary.finish(
            observations, accepted, full_run=self.full_run(session), update=opts.update_baseline, when=when
        )
        if opts.reports:
            from pytest_refusal.report.files import write_reports

            write_reports(outcome.refusal_map, opts.reports)
        step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if step_summary and outcome.refusal_map.observations:
            from pytest_refusal.report import markdown

            with open(step_summary, "a", encoding="utf-8") as handle:
                handle.write(markdown.render(outcome.refusal_map))
        return outcome

    def full_run(self, session: pytest.Session) -> bool:
        """Whether this run saw every item: only then can a baseline entry nobody observed be called stale."""
        config = self.session.config
        args = config.args if config.args_source is pytest.Config.ArgsSource.ARGS else []
        narrowed = any("::" in arg or not (config.invocation_params.dir / arg).is_dir() for arg in args)
        return not (
            narrowed
            or config.getoption("keyword", default="")
            or config.getoption("markexpr", default="")
            or config.getoption("refusal_models", default=None)
            or self.session.deselected
            or self.skipped
            or self.collect_failed
            or session.shouldstop
            or session.shouldfail
        )

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if self.tested_nothing:
            terminalreporter.write_sep("=", "refusal map")
            terminalreporter.write_line(
                f"no refusal-map item has a recording ({self.unrecorded} skipped): this run tested nothing, so it "
                "fails. Record them with --refusal-record=once (see the skip reasons, -rs)."
            )
        outcome = self.session.outcome
        if outcome is None:
            return
        from pytest_refusal.report import text

        width = self.session.config.get_terminal_writer().fullwidth
        terminalreporter.write_sep("=", "refusal map")
        terminalreporter.write(text.render(outcome.refusal_map, width))
        for line in _baseline_lines(outcome, self.session.shown(outcome.baseline_path)):
            terminalreporter.write_line(line)


def _baseline_lines(outcome: Outcome, shown: str) -> list[str]:
    drift = len(outcome.refusal_map.significant_drift)
    if outcome.updated is None:
        return [f"{drift} drift; review it, then accept it with --refusal-update-baseline"] if drift else []
    lines = [
        f"baseline {shown}: " + (
            f"{outcome.changed} entr{'y' if outcome.changed == 1 else 'ies'} accepted, {outcome.removed} removed"
            if outcome.updated
            else "unchanged"
        )
    ]
    if outcome.refused_policy:
        lines.append(f"{outcome.refused_policy} policy failure(s) not accepted: fix the model or the expectation")
    return lines


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
    samples = session_module.get(config).options.samples
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
        if samples is not None:  # --refusal-samples wins over the marker
            rate = spec.min_rate if "min_rate" in marks[0][1].kwargs else (default_min_rate if samples > 1 else 1.0)
            spec = dataclasses.replace(spec, samples=samples, min_rate=rate)
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
