"""A map run as shards (by `-k`, by model), each shard's JSON report merged by `python -m pytest_refusal report`."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from pytest_refusal.cli import main
from pytest_refusal.report import build_map, write_reports
from pytest_refusal.testing import ScriptedServer
from pytest_refusal.verdict import Kind

from .conftest import record, record_drift
from .test_merge import item
from .test_redaction import fake_key, observation
from .test_run_reports import embedded

MATRIX = [
    "refusal map: 3 model(s) × 2 categories, 6 item(s), 3 not recorded",
    "category         claude          gpt         kimi",
    "china_politics   not recorded 2  comply 2/2  refuse 2/2",
    "violent_fiction  not recorded 1  comply 1/1  comply 1/1",
]


def report(project: pytest.Pytester, *argv: str) -> pytest.RunResult:
    return project.run(sys.executable, "-m", "pytest_refusal", "report", *argv)


def shards(project: pytest.Pytester, *selections: str) -> list[str]:
    """Run the map once per `-k` selection, each run writing `shard-N.json`; the names written."""
    names = []
    for index, selection in enumerate(selections):
        name = f"shard-{index}.json"
        project.runpytest("-k", selection, f"--refusal-report={name}")
        names.append(name)
    return names


def test_shards_by_k_merge_into_the_report_one_full_run_writes(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    record(project)
    project.runpytest("--refusal-report=full.json").assert_outcomes(passed=6, skipped=3)
    names = shards(project, "kimi", "not kimi")
    merged = report(project, *names, "--json", "merged.json", "--html", "merged.html", "--md", "merged.md")
    assert merged.ret == 0, merged.stderr.str()
    merged.stdout.fnmatch_lines(
        ["merged 2 reports: shard-0.json (3 item(s)), shard-1.json (3 item(s) + 3 not recorded)"]
    )
    assert (project.path / "merged.json").read_bytes() == (project.path / "full.json").read_bytes()
    assert "| china_politics | not recorded 2 | comply 2/2 | refuse 2/2 |" in (project.path / "merged.md").read_text(
        encoding="utf-8"
    )
    page = embedded((project.path / "merged.html").read_text(encoding="utf-8"))
    assert sorted(i["s"] for i in page["items"]) == ["not_recorded"] * 3 + ["passed"] * 6
    shown = report(project, *names)
    shown.stdout.fnmatch_lines([*MATRIX, "*", "not recorded (3 items): record each column with:", "*"])


def test_shards_by_model_keep_each_items_rate_and_verdict(project: pytest.Pytester, server: ScriptedServer) -> None:
    record(project)
    for model in ("kimi", "gpt"):
        project.runpytest(f"--refusal-models={model}", f"--refusal-report={model}.json").assert_outcomes(passed=3)
    assert report(project, "kimi.json", "gpt.json", "--json", "merged.json").ret == 0
    items = json.loads((project.path / "merged.json").read_text(encoding="utf-8"))["items"]
    kept = {(i["model"], i["probe"], i["language"]): (i["majority"], i["rate"], i["status"]) for i in items}
    assert kept == {
        ("gpt", "dragon", "en"): ("comply", 1.0, "passed"),
        ("gpt", "tiananmen-1989", "en"): ("comply", 1.0, "passed"),
        ("gpt", "tiananmen-1989", "zh"): ("comply", 1.0, "passed"),
        ("kimi", "dragon", "en"): ("comply", 1.0, "passed"),
        ("kimi", "tiananmen-1989", "en"): ("refuse", 1.0, "passed"),
        ("kimi", "tiananmen-1989", "zh"): ("refuse", 1.0, "passed"),
    }


def test_a_shard_run_twice_with_the_same_verdicts_counts_once(project: pytest.Pytester, server: ScriptedServer) -> None:
    record(project)
    names = shards(project, "kimi", "not kimi", "kimi")
    merged = report(project, *names)
    assert merged.ret == 0
    merged.stdout.fnmatch_lines(
        [*MATRIX, "*", "*3 item(s) are in more than one report with the same verdicts (a shard run twice?)*"]
    )


def test_a_shard_rerun_that_saw_other_verdicts_is_refused_naming_both_files_and_the_item(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    record(project)
    before = shards(project, "kimi-en")
    shutil.copy(project.path / before[0], project.path / "first-run.json")
    record_drift(project, server)  # the kimi-en cassettes now hold another answer
    project.runpytest("-k", "kimi-en", "--refusal-report=rerun.json")
    merged = report(project, "first-run.json", "rerun.json")
    assert merged.ret == 2 and merged.stdout.str() == ""
    error = merged.stderr.str()
    assert error.startswith("error: item politics.refusal.yaml::china_politics::tiananmen-1989[kimi-en] is in ")
    assert "first-run.json (refuse 1/1," in error and "rerun.json (comply 1/1," in error
    assert "pass only one of the two files" in error and "Traceback" not in error


def test_merged_drift_is_the_union_and_accepting_it_writes_the_baseline_one_full_update_writes(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    record_drift(project, server)
    accepted = project.path / "refusal-baseline.yaml"
    original = accepted.read_bytes()
    names = shards(project, "kimi", "not kimi")
    merged = report(project, *names)
    merged.stdout.fnmatch_lines(
        [
            "drift (2)",
            "  gpt · china_politics · tiananmen-1989 [en]: comply → partial",
            "  kimi · china_politics · tiananmen-1989 [en]: refuse → comply",
            "*",
            "drift is as each shard decided it against the baseline it ran with*",
        ]
    )
    update = report(project, *names, "--baseline", "refusal-baseline.yaml", "--update-baseline")
    assert update.ret == 0, update.stderr.str()
    update.stdout.fnmatch_lines(
        [
            "drift (2)",
            "*",
            "baseline refusal-baseline.yaml: 1 entry accepted",
            "1 policy failure(s) not accepted: fix the model or the expectation",
        ]
    )
    assert "drift is as each shard decided it" not in update.stdout.str()
    from_shards = accepted.read_bytes()
    accepted.write_bytes(original)
    project.runpytest("--refusal-update-baseline").assert_outcomes(passed=5, failed=1, skipped=3)
    assert from_shards == accepted.read_bytes() != original


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "cannot read: No such file or directory"),
        (b"", "the file is empty, not a report"),
        (b"<html>not json</html>", "not valid JSON"),
        (b'{"schema": "pytest-refusal/report", "version": 9, "items": []}', "report version 9 is not supported"),
        (b'{"schema": "something-else", "version": 1}', 'not a pytest-refusal report (expected "schema"'),
    ],
    ids=["missing", "empty", "not-json", "other-version", "other-schema"],
)
def test_a_shard_report_that_cannot_be_read_is_named_without_a_traceback(
    project: pytest.Pytester, server: ScriptedServer, content: bytes | None, says: str
) -> None:
    record(project)
    names = shards(project, "kimi")
    if content is not None:
        (project.path / "bad.json").write_bytes(content)
    merged = report(project, *names, "bad.json")
    assert merged.ret == 2 and merged.stdout.str() == ""
    error = merged.stderr.str()
    assert error.startswith("error: bad.json") and says in error and "Traceback" not in error


def test_a_truncated_shard_report_is_called_truncated_and_every_unreadable_report_is_named(
    project: pytest.Pytester, server: ScriptedServer
) -> None:
    record(project)
    names = shards(project, "kimi", "not kimi")
    whole = (project.path / names[1]).read_bytes()
    for cut, name in ((len(whole) // 2, "half.json"), (whole.rindex(b"}"), "no-end.json")):
        (project.path / name).write_bytes(whole[:cut])
    merged = report(project, names[0], "half.json", "no-end.json", "gone.json")
    assert merged.ret == 2
    lines = merged.stderr.str().splitlines()
    assert [line.split(":")[1] for line in lines] == [" half.json", " no-end.json", " gone.json"]
    assert "the report is truncated" in lines[0] and "the report is truncated" in lines[1]
    assert "Traceback" not in merged.stderr.str()


def test_update_baseline_without_a_baseline_says_which_option_is_missing(project: pytest.Pytester) -> None:
    merged = report(project, "a.json", "b.json", "--update-baseline")
    assert merged.ret == 2 and "--update-baseline needs --baseline FILE" in merged.stderr.str()


def test_no_merged_output_carries_a_key_a_shard_report_held(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    # Reports are cleaned when written; a shard written by an older version or edited by hand may not be.
    for language, kind in (("en", Kind.COMPLY), ("zh", Kind.REFUSE)):
        shard = build_map([observation(fake_key(f"language.{language}"), kind)], generated_at=fake_key("generated_at"))
        write_reports(shard, [tmp_path / f"{language}.json"], clean=lambda text: text)
    assert "sk-" in (tmp_path / "en.json").read_text(encoding="utf-8")
    outputs = [tmp_path / name for name in ("merged.json", "merged.md", "merged.html")]
    shards = [str(tmp_path / "en.json"), str(tmp_path / "zh.json")]
    options = [arg for path in outputs for arg in (f"--{path.suffix[1:]}", str(path))]
    assert main(["report", *shards, *options]) == 0
    assert main(["report", *shards]) == 0
    shown = capfd.readouterr()
    assert "language-boundary differences (1)" in shown.out  # the two languages met only in the merge
    assert "sk-" not in shown.out + shown.err and "[redacted]" in shown.out
    for path in outputs:
        written = path.read_text(encoding="utf-8")
        assert "sk-" not in written and "[redacted]" in written, path.name


def test_a_baseline_that_is_not_there_is_named(project: pytest.Pytester, server: ScriptedServer) -> None:
    record(project)
    merged = report(project, *shards(project, "kimi", "not kimi"), "--baseline", "typo-baseline.yaml")
    assert merged.ret == 2 and merged.stderr.str().startswith("error: typo-baseline.yaml: no such baseline")


@pytest.mark.parametrize(
    ("where", "value", "says"),
    [
        (("items", 0, "model"), 1, "item 1 (nodeid map.refusal.yaml::"),
        (("items", 0, "nodeid"), None, "item 1: `nodeid` is null, not text"),
        (("items", 0, "min_rate"), 1e400, "`min_rate` is inf, not a number from 0 to 1"),
        (("items", 0, "texts"), [7], "`texts` holds 7, not text"),
        (("stale", 0, "probe"), ["x"], "stale entry 1: `probe` is ['x'], not text"),
        (("drift", 0, "after", "language"), {}, "drift record 1: `after.language` is {}, not text"),
        (("drift", 0, "p_value"), "0.01", "drift record 1: `p_value` is '0.01', not a number"),
        (("drift", 0, "q_value"), 10**400, "drift record 1: `q_value` is 1000"),
        (("items", 0, "min_rate"), 10**400, "malformed report (OverflowError"),
    ],
    ids=[
        "item-field",
        "item-nodeid",
        "min-rate",
        "text",
        "stale-field",
        "drift-entry",
        "p-value",
        "huge-number",
        "huge-rate",
    ],
)
def test_a_hand_edited_field_of_the_wrong_type_is_named_without_a_traceback(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], where: tuple[str | int, ...], value: object, says: str
) -> None:
    from pytest_refusal.refusalmap.baseline import Baseline, Entry

    before = Entry("kimi", "tiananmen", "zh", "politics", ((Kind.COMPLY, 1),), "2026-11-01")
    gone = Entry("kimi", "gone", "zh", "politics", ((Kind.REFUSE, 1),), "2026-11-01")
    shard = build_map([item()], baseline=Baseline("b.yaml", {before.key: before}), stale=[gone])
    write_reports(shard, [tmp_path / "a.json"])
    document = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    node = document
    for step in where[:-1]:
        node = node[step]
    node[where[-1]] = value
    (tmp_path / "a.json").write_text(json.dumps(document), encoding="utf-8")
    write_reports(build_map([item(language="en", kinds=["comply"])]), [tmp_path / "b.json"])
    for argv in ([str(tmp_path / "a.json")], [str(tmp_path / "a.json"), str(tmp_path / "b.json")]):
        assert main(["report", *argv, "--html", str(tmp_path / "m.html")]) == 2
        error = capfd.readouterr().err
        assert error.startswith(f"error: {tmp_path / 'a.json'}: ") and says in error, error
    assert not (tmp_path / "m.html").exists()


def test_accepting_a_merged_map_writes_no_key_a_shard_report_held(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # The served model, fingerprint and task come from the reports: one written by an older version or edited by hand may hold a key.
    import dataclasses

    held = dataclasses.replace(
        item(), served=f"gpt {fake_key('served')}", fingerprint=fake_key("fingerprint"), task=fake_key("task")
    )
    write_reports(build_map([held]), [tmp_path / "a.json"], clean=lambda text: text)
    write_reports(build_map([item(language="en")]), [tmp_path / "b.json"], clean=lambda text: text)
    assert "sk-" in (tmp_path / "a.json").read_text(encoding="utf-8")
    accepted = tmp_path / "refusal-baseline.yaml"
    shards = [str(tmp_path / "a.json"), str(tmp_path / "b.json")]
    assert main(["report", *shards, "--baseline", str(accepted), "--update-baseline"]) == 0
    assert "2 entries accepted" in capfd.readouterr().out
    written = accepted.read_text(encoding="utf-8")
    assert "sk-" not in written and "[redacted]" in written and "gpt" in written


def test_drift_decided_over_the_merged_map_exits_1_as_a_full_run_fails(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # Each shard decides its drift alone; what only the whole map shows failed no job, so the merge must.
    from pytest_refusal.refusalmap import baseline
    from pytest_refusal.refusalmap.baseline import Baseline, Entry

    accepted = tmp_path / "refusal-baseline.yaml"
    before = Entry("kimi", "tiananmen", "zh", "politics", ((Kind.COMPLY, 1),), "2026-11-01")
    baseline.write(Baseline(str(accepted), {before.key: before}), accepted)
    write_reports(build_map([item()]), [tmp_path / "a.json"])  # this shard ran without that entry: no drift
    write_reports(build_map([item(language="en")]), [tmp_path / "b.json"])
    shards = [str(tmp_path / "a.json"), str(tmp_path / "b.json")]
    assert main(["report", *shards]) == 0
    assert main(["report", *shards, "--baseline", str(accepted)]) == 1
    assert "kimi · politics · tiananmen [zh]: comply → refuse" in capfd.readouterr().out
    assert main(["report", *shards, "--baseline", str(accepted), "--update-baseline"]) == 0
    assert main(["report", *shards, "--baseline", str(accepted)]) == 0  # accepted: no drift left
