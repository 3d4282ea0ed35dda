"""`report` and `diff` subcommands, driven through a parser built with `register`."""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_refusal.observation import Observation
from pytest_refusal.refusalmap.baseline import Baseline, update, write
from pytest_refusal.report import build_map, write_reports
from pytest_refusal.report.commands import register

Observe = Callable[..., Observation]


def run(*argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="pytest_refusal")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    out, err = io.StringIO(), io.StringIO()
    code = args.func(args, out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def report(tmp_path: Path, observe: Observe) -> Path:
    path = tmp_path / "run.json"
    write_reports(
        build_map(
            [observe(kinds=["refuse"], texts=["<b>no</b>"]), observe(language="en", kinds=["comply"])],
            generated_at="2026-11-27",
        ),
        [path],
    )
    return path


def test_report_without_outputs_prints_the_map_as_text(report: Path) -> None:
    code, out, _ = run("report", str(report))
    assert code == 0 and out.startswith("refusal map: 1 model(s) × 1 category, 2 item(s)")


def test_report_writes_html_and_markdown_adding_missing_suffixes(report: Path, tmp_path: Path) -> None:
    code, _, _ = run("report", str(report), "--html", str(tmp_path / "page"), "--md", str(tmp_path / "summary.md"))
    assert code == 0
    page = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert "<b>no</b>" not in page and "\\u003cb>no\\u003c/b>" in page  # data, never markup
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").startswith("## Refusal map")


def test_report_of_a_broken_file_exits_2_with_the_reason(tmp_path: Path) -> None:
    broken = tmp_path / "run.json"
    broken.write_text("{nope}", encoding="utf-8")
    code, _, err = run("report", str(broken))
    assert code == 2 and err.startswith(f"error: {broken}:1: not valid JSON")


def baseline_file(tmp_path: Path, observe: Observe, name: str, kinds: list[str]) -> Path:
    path = tmp_path / name
    write(update(Baseline(), [observe(kinds=kinds), observe(language="en", kinds=["comply"])], "2026-11-01"), path)
    return path


def test_diff_of_equal_baselines_exits_0(tmp_path: Path, observe: Observe) -> None:
    old = baseline_file(tmp_path, observe, "old.yaml", ["refuse"])
    code, out, _ = run("diff", str(old), str(old))
    assert (code, out) == (0, "drift (0)\n  none\n")


def test_diff_with_drift_prints_the_table_and_exits_1(tmp_path: Path, observe: Observe) -> None:
    old = baseline_file(tmp_path, observe, "old.yaml", ["refuse"])
    new = baseline_file(tmp_path, observe, "new.yaml", ["comply"])
    code, out, _ = run("diff", str(old), str(new))
    assert code == 1
    assert out == "drift (1)\n  kimi · china_politics · tiananmen-1989 [zh]: refuse → comply\n"


def test_diff_compares_a_baseline_with_a_json_report(tmp_path: Path, observe: Observe, report: Path) -> None:
    old = baseline_file(tmp_path, observe, "old.yaml", ["comply"])
    code, out, _ = run("diff", str(old), str(report))
    assert code == 1 and "[zh]: comply → refuse" in out


def test_diff_lists_items_only_on_one_side_without_failing(tmp_path: Path, observe: Observe) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    write(update(Baseline(), [observe(language="de")], "2026-11-01"), old)
    write(update(Baseline(), [observe(language="fr")], "2026-11-01"), new)
    code, out, _ = run("diff", str(old), str(new))
    assert code == 0
    assert "only in NEW (1)\n  kimi · china_politics · tiananmen-1989 [fr]: refuse" in out
    assert "only in OLD (1)\n  kimi · china_politics · tiananmen-1989 [de]: refuse" in out


def test_diff_of_a_missing_file_exits_2(tmp_path: Path) -> None:
    code, _, err = run("diff", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"))
    assert code == 2 and "cannot read" in err


def test_help_names_both_subcommands() -> None:
    parser = argparse.ArgumentParser(prog="pytest_refusal")
    register(parser.add_subparsers(dest="command"))
    assert "report" in parser.format_help() and "diff" in parser.format_help()
