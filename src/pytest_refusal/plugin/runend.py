"""The end of a run, as pytest sees it: what the reports said, then the refusal map, its files and its terminal section."""

from __future__ import annotations

import dataclasses
import json
import os
import time
from collections.abc import Generator, Sequence
from typing import TYPE_CHECKING, Any

import pytest

from pytest_refusal.plugin import progress, selection
from pytest_refusal.plugin import session as session_module
from pytest_refusal.plugin.keys import (
    CALLS_ATTRIBUTE,
    DESELECTED_OUTPUT,
    OBSERVATION_PROPERTY,
    STARTED_INPUT,
    UNRECORDED_ITEM_PROPERTY,
    UNRECORDED_PROPERTY,
    USAGE_ERROR_OUTPUT,
)
from pytest_refusal.plugin.mapnames import (
    MAP_SUFFIXES as MAP_SUFFIXES,  # re-exported: plugin and redaction read it here
)

if TYPE_CHECKING:
    from pytest_refusal.observation import Observation
    from pytest_refusal.refusalmap.runresult import Outcome
    from pytest_refusal.report.model import RefusalMap, Unrecorded

# What the call report carries for the controller and JUnit XML need not: the teardown report (JUnit's) drops them.
_NOT_FOR_JUNIT = (OBSERVATION_PROPERTY, UNRECORDED_ITEM_PROPERTY)


class RunEnd:
    """Hooks that need the session but receive no config: observations from reports, and the end of the run."""

    def __init__(self, session: session_module.RefusalSession) -> None:
        self.session = session
        self.skipped = 0
        self.unrecorded: dict[str, int] = {}  # the command that records a column → its items skipped unrecorded
        self.tested_nothing = False
        self.collect_failed = 0
        self.collected = 0  # items selected to run (on xdist's controller: as a worker collected them)
        self.finished = 0  # items that ran to the end of their teardown
        self.unrecorded_items: list[Unrecorded] = []
        self.totals = progress.Totals()  # every process's retries and rate-limit waits (xdist: from the reports)
        self.shown_at = 0  # items finished when the last progress line was shown
        self.clock = time.monotonic()  # reset when collection ends: the progress line's items per second
        self.written: list[str] = []  # the report files this run wrote, as the terminal names them

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # On xdist's controller this sees the workers' reports: one code path for both.
        self.session.collect(report)
        self.skipped += report.skipped
        self.finished += report.when == "teardown"
        calls = getattr(report, CALLS_ATTRIBUTE, None)
        if isinstance(calls, dict):
            self.totals.update(_process(report), calls)
        if report.when == "teardown":
            self._progress()
        if report.skipped:
            properties = dict(report.user_properties)
            command = properties.get(UNRECORDED_PROPERTY)
            if command is not None:
                self.unrecorded[str(command)] = self.unrecorded.get(str(command), 0) + 1
                place = properties.get(UNRECORDED_ITEM_PROPERTY)
                if place is not None:
                    self.unrecorded_items.append(unrecorded_item(report.nodeid, str(command), str(place)))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        if report.when == "teardown":  # JUnit XML writes the teardown report's properties: keep them small
            kept = [prop for prop in report.user_properties if prop[0] not in _NOT_FOR_JUNIT]  # the same tuples
            if len(kept) != len(report.user_properties):
                report.user_properties = kept
        elif report.when == "call" and self._recording():
            setattr(report, CALLS_ATTRIBUTE, self.session.calls.snapshot())  # rides to xdist's controller
        return report

    def _recording(self) -> bool:
        return self.session.options.record_mode.value != "none"

    def _progress(self) -> None:
        """A line at each tenth of a recording run: where it is, how fast, what the provider made it wait."""
        config = self.session.config
        if not self._recording() or config.get_verbosity() < 0 or hasattr(config, "workerinput"):
            return  # quiet under -q; under xdist the controller alone speaks
        if not progress.due(self.finished, self.collected, self.shown_at):
            return
        if config.pluginmanager.get_plugin("terminalreporter") is None:
            return
        self.shown_at = self.finished
        now = progress.Progress(
            self.finished,
            self.collected,
            time.monotonic() - self.clock,
            int(self.totals["retries"]),
            int(self.totals["rate_limited"]),
            self.totals["waited"],
        )
        writer = config.get_terminal_writer()
        if writer.width_of_current_line:
            writer.line()  # after the progress dots, on a line of its own
        writer.line(self.session.clean(now.line))

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        self.collect_failed += report.failed

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.collected = max(self.collected, len(session.items))
        self.clock = time.monotonic()

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: Sequence[str]) -> None:
        # xdist's controller collects nothing itself: every worker collects (and deselects) the same items.
        self.collected = max(self.collected, len(ids))

    def completed(self, session: pytest.Session) -> bool:
        """Whether every selected item ran to its end: Ctrl-C, pytest.exit() or a crash proves nothing gone."""
        stopped = (pytest.ExitCode.INTERRUPTED, pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR)
        return session.exitstatus not in stopped and self.finished >= self.collected

    def pytest_deselected(self, items: Sequence[pytest.Item]) -> None:
        self.session.deselected += len(items)

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        # xdist: cassettes written after the run started were fetched by some worker of this run.
        node.workerinput[STARTED_INPUT] = self.session.started

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        # xdist: workers deselect (-k, --lf); the controller learns how many from their output.
        workeroutput = getattr(node, "workeroutput", {})
        self.session.deselected += int(workeroutput.get(DESELECTED_OUTPUT, 0))
        self.session.usage_error = workeroutput.get(USAGE_ERROR_OUTPUT) or self.session.usage_error

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> Generator[None, object, object]:
        # A broken probe map is a collection error for that file, yet the rest of the run goes on:
        # pytest stops before running anything when it counts collection failures, so hide ours
        # from that check and count them again afterwards (the exit code still says "failed").
        hidden = min(len(self.session.map_collect_errors), session.testsfailed)
        session.testsfailed -= hidden
        try:
            result = yield
        finally:
            session.testsfailed += hidden
        if self.session.usage_error and not hasattr(self.session.config, "workerinput"):
            raise pytest.UsageError(self.session.usage_error)  # what xdist workers found after collecting
        return result

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        config = self.session.config
        workeroutput = getattr(config, "workeroutput", None)
        if workeroutput is not None:  # an xdist worker: the controller reports
            workeroutput[DESELECTED_OUTPUT] = self.session.deselected
            workeroutput[USAGE_ERROR_OUTPUT] = self.session.usage_error
            return
        observations = tuple(self.session.observations)
        if self.unrecorded and not any(o.nodeid.split("::")[0].endswith(MAP_SUFFIXES) for o in observations):
            # Every map item was skipped for want of a recording: a green run would have tested nothing.
            self.tested_nothing = True
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
        self.session.outcome = outcome = self._finish(session, observations)
        opts = self.session.options
        if outcome is not None and opts.drift == "fail" and not opts.update_baseline and sampled_drift(outcome):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED  # sampled drift is decided here, over the whole run
        config.hook.pytest_refusal_report(
            config=config, observations=observations, refusal_map=outcome.refusal_map if outcome else None
        )

    def _finish(self, session: pytest.Session, observations: Sequence[Observation]) -> Outcome | None:
        if not observations:
            return None  # most runs: no refusal test at all, so load nothing more
        from pytest_refusal.refusalmap import runresult
        from pytest_refusal.refusalmap.baseline import BaselineError

        if not runresult.mapped(observations):
            return None  # nothing to map; and an update with nothing observed must not empty the baseline
        opts = self.session.options
        try:
            accepted = self.session.baseline()
        except BaselineError:
            return None  # every map item already failed with the message; no map without a readable baseline
        full_run = self.completed(session) and selection.is_full_run(
            self.session.config,
            session,
            deselected=self.session.deselected,
            skipped=self.skipped,
            collect_failed=self.collect_failed,
        )
        outcome = runresult.finish(
            observations, accepted, full_run=full_run, update=opts.update_baseline, when=runresult.now()
        )
        if self.unrecorded_items:
            from pytest_refusal.report.model import sorted_unrecorded

            shown = dataclasses.replace(outcome.refusal_map, unrecorded=sorted_unrecorded(self.unrecorded_items))
            outcome = outcome._replace(refusal_map=shown)
        self._write(outcome.refusal_map)
        return outcome

    def _write(self, refusal_map: RefusalMap) -> None:
        """The report files, then the GitHub step summary; each one named in `written` for the terminal."""
        invoked = self.session.config.invocation_params.dir
        if self.session.options.reports:
            from pytest_refusal.report.files import write_reports

            write_reports(refusal_map, self.session.options.reports, clean=self.session.clean)
            self.written += [os.path.relpath(p, invoked) for p in self.session.options.reports]
        step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if step_summary and refusal_map.observations:
            from pytest_refusal.report import markdown
            from pytest_refusal.report.files import append_section

            append_section(step_summary, self.session.clean(markdown.render(refusal_map)))
            self.written.append(f"the GitHub step summary ({os.path.relpath(step_summary, invoked)})")

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if self.tested_nothing:
            terminalreporter.write_sep("=", "refusal map")
            for line in self._nothing_tested_lines():
                terminalreporter.write_line(line)
        outcome = self.session.outcome
        if outcome is None:
            return
        from pytest_refusal.report import text

        width = self.session.config.get_terminal_writer().fullwidth
        terminalreporter.write_sep("=", "refusal map")
        terminalreporter.write(self.session.clean(text.render(outcome.refusal_map, width)))
        for where in self.written:
            terminalreporter.write_line(self.session.clean(f"refusal map written to {where}"))
        for line in baseline_lines(outcome, self.session.shown(outcome.baseline_path)):
            terminalreporter.write_line(self.session.clean(line))

    def _nothing_tested_lines(self) -> list[str]:
        skipped = sum(self.unrecorded.values())
        first = f"no refusal-map item has a recording ({skipped} skipped): this run tested nothing, so it fails."
        return [first + " Record them with:", *(f"  {command}" for command in sorted(self.unrecorded))]


def _process(report: pytest.TestReport) -> str:
    """Which process made the report: the xdist worker's id on the controller, "" in a serial run."""
    return str(getattr(getattr(getattr(report, "node", None), "gateway", None), "id", ""))


def unrecorded_item(nodeid: str, command: str, place: str) -> Unrecorded:
    """A skipped map item's place in the map, from the JSON its item published (see plugin.items)."""
    from pytest_refusal.report.model import Unrecorded

    data = json.loads(place)
    return Unrecorded(
        nodeid, data["model"], data["category"], data["probe"], data["language"], command, data.get("prompt", "")
    )


def sampled_drift(outcome: Outcome) -> list[str]:
    """Drift lines of sampled items (n > 1): Benjamini–Hochberg decides them at the run's end, so the run fails for them."""
    return [d.line for d in outcome.refusal_map.significant_drift if d.p_value is not None]


def baseline_lines(outcome: Outcome, shown: str) -> list[str]:
    """What the terminal says about the baseline: drift to review, or what an update accepted."""
    drift = len(outcome.refusal_map.significant_drift)
    if outcome.updated is None:
        sampled = sampled_drift(outcome)
        lines = [f"{drift} drift; review it, then accept it with --refusal-update-baseline"] if drift else []
        if sampled:
            lines.append(
                f"{len(sampled)} sampled item(s) drifted at a false-discovery rate of 0.05 "
                "(Benjamini–Hochberg over the run's sampled items); with --refusal-drift=fail the run fails "
                "(report it without failing: --refusal-drift=warn)"
            )
        return lines
    lines = [
        f"baseline {shown}: "
        + (
            f"{outcome.changed} entr{'y' if outcome.changed == 1 else 'ies'} accepted, {outcome.removed} removed"
            if outcome.updated
            else "unchanged"
        )
    ]
    if outcome.refused_policy:
        lines.append(f"{outcome.refused_policy} policy failure(s) not accepted: fix the model or the expectation")
    return lines
