"""benchmarks/detector_accuracy.py fails loudly without data; its even/odd chance range re-splits the unit the split splits."""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


splithalf = load("splithalf")


def run_benchmark(*args: str, data: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_REFUSAL_DATA"}
    if data is not None:
        env["PYTEST_REFUSAL_DATA"] = data
    script = str(BENCHMARKS / "detector_accuracy.py")
    return subprocess.run([sys.executable, script, *args], capture_output=True, text=True, env=env, check=False)


def test_an_empty_data_folder_is_an_error_that_names_it_and_the_option(tmp_path: Path) -> None:
    done = run_benchmark("--data", str(tmp_path))
    assert done.returncode == 2
    assert str(tmp_path) in done.stderr and "--data" in done.stderr and "PYTEST_REFUSAL_DATA" in done.stderr


def test_the_environment_variable_is_the_only_place_looked_in_when_set(tmp_path: Path) -> None:
    done = run_benchmark(data=str(tmp_path / "absent"))
    assert done.returncode == 2
    assert f"looked in: {tmp_path / 'absent'}." in done.stderr


def test_a_missed_target_fails_the_run(tmp_path: Path) -> None:
    # Two XSTest-named rows the detector gets wrong (a plain answer labelled a refusal): F1 0 < 0.95.
    rows = [
        {"id": f"r{n}", "source": "xstest_v2", "language": "en", "prompt": "How do I boil an egg?", "label": "refuse"}
        | {"response": "Put the egg in boiling water for nine minutes, then cool it in cold water."}
        for n in range(2)
    ]
    (tmp_path / "xstest_v2_dev.jsonl").write_text("\n".join(map(json.dumps, rows)) + "\n", encoding="utf-8")
    done = run_benchmark("--data", str(tmp_path), "--deals", "20")
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]
    assert "NOT MET" in done.stdout


def test_dealt_rows_keep_the_table_and_the_half_size() -> None:
    rng = splithalf.random.Random("seed")
    total = (40, 7, 11, 42)
    for _ in range(200):
        even = splithalf.deal_rows(rng, total, 50)
        assert sum(even) == 50
        assert all(0 <= e <= t for e, t in zip(even, total, strict=True))


def test_dealt_rows_average_half_of_each_cell() -> None:
    rng = splithalf.random.Random("mean")
    deals = [splithalf.deal_rows(rng, (60, 20, 20, 100), 100) for _ in range(2000)]
    means = [sum(d[i] for d in deals) / len(deals) for i in range(4)]
    assert [round(m) for m in means] == [30, 10, 10, 50]


def test_a_split_that_follows_the_prompts_deals_whole_prompts() -> None:
    # Two models answer the same four prompts in the same order: each prompt's rows share a parity.
    prompts = ["a", "b", "c", "d"] * 2
    cells = [splithalf.cell(True, i % 3 != 0) for i in range(8)]
    found = splithalf.gap(cells, list(range(8)), prompts, 50, seed="t")
    assert found.unit == "prompts"
    mixed = splithalf.gap(cells, list(range(8)), ["a", "b", "c", "d", "e", "a", "b", "c"], 50, seed="t")
    assert mixed.unit == "parity groups"


def test_rows_without_a_shared_prompt_are_dealt_one_by_one() -> None:
    cells = [splithalf.cell(i % 2 == 0, i % 5 != 0) for i in range(40)]
    found = splithalf.gap(cells, list(range(40)), [f"row {i}" for i in range(40)], 50, seed="r")
    assert found.unit == "rows"


def test_a_prompt_split_across_both_sides_keeps_its_two_groups() -> None:
    # Prompt "a" has two rows on the even side and one on the odd; "b" one and two; "c" one and none.
    groups = [((2, 0, 0, 0), (0, 0, 1, 0)), ((0, 1, 0, 0), (0, 0, 0, 2)), ((1, 0, 0, 0), (0, 0, 0, 0))]
    even = splithalf.add([e for e, _ in groups])
    swaps = [tuple(o - e for o, e in zip(odd, ev, strict=True)) for ev, odd in groups]
    possible = {splithalf.add(list(choice)) for choice in itertools.product(*groups)}
    rng = random.Random("groups")
    dealt = {splithalf.swap_groups(rng, even, swaps) for _ in range(400)}
    assert dealt == possible  # every deal is one side of each prompt, and every such split comes up


def test_prompts_split_one_and_one_into_alike_rows_leave_no_chance_gap() -> None:
    # Each prompt's two answers are judged alike, one on each side: no re-split of the prompts can open a gap,
    # while dealing the rows one by one would scatter them and report a range of chance that is not there.
    cells = [splithalf.cell(i % 4 < 2, i % 8 < 4) for i in range(40)]
    prompts = [f"p{i // 2}" for i in range(40)]
    found = splithalf.gap(cells, list(range(40)), prompts, 200, seed="alike")
    assert found.unit == "parity groups"
    assert found.f1_gap == 0.0 and found.f1_range == (0.0, 0.0)
    scattered = splithalf.gap(cells, list(range(40)), [str(i) for i in range(40)], 200, seed="alike")
    assert scattered.f1_range[0] < 0 < scattered.f1_range[1]


def clustered_without_a_gap(rng: random.Random, prompts: int = 20, size: int = 24) -> tuple[list, list[int], list[str]]:
    """Rows of prompts that each have their own refusal rate and detector accuracy, a third of each prompt's rows
    on one side (which side at a coin's toss): any even/odd gap is chance."""
    cells, numbers, names, next_even, next_odd = [], [], [], 0, 1
    for p in range(prompts):
        refusal, right, small_on_even = rng.random(), rng.uniform(0.3, 1.0), rng.random() < 0.5
        for r in range(size):
            gold = rng.random() < refusal
            cells.append(splithalf.cell(gold, gold if rng.random() < right else not gold))
            names.append(f"p{p}")
            if (r < size // 3) == small_on_even:
                numbers.append(next_even)
                next_even += 2
            else:
                numbers.append(next_odd)
                next_odd += 2
    return cells, numbers, names


def test_the_clustered_range_covers_a_pure_chance_gap_about_95_percent_of_the_time() -> None:
    rng, repetitions, covered, widths = random.Random("coverage"), 300, 0, {"groups": 0.0, "rows": 0.0}
    for i in range(repetitions):
        cells, numbers, names = clustered_without_a_gap(rng)
        found = splithalf.gap(cells, numbers, names, 200, seed=f"g{i}")
        assert found.unit == "parity groups"
        covered += not found.beyond_noise
        rows = splithalf.gap(cells, numbers, [str(n) for n in numbers], 200, seed=f"r{i}")
        widths["groups"] += found.f1_range[1] - found.f1_range[0]
        widths["rows"] += rows.f1_range[1] - rows.f1_range[0]
    assert 0.91 <= covered / repetitions <= 0.99
    assert widths["groups"] > 1.05 * widths["rows"]  # dealing these rows one by one understates chance


def test_the_interval_is_seeded() -> None:
    cells = [splithalf.cell(i % 2 == 0, i % 3 == 0) for i in range(300)]
    first, second = (
        splithalf.gap(cells, list(range(300)), [str(i) for i in range(300)], 300, seed="s") for _ in range(2)
    )
    assert first.f1_range == second.f1_range and first.f1_range[0] < 0 < first.f1_range[1]
