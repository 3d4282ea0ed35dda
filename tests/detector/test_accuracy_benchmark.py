"""benchmarks/detector_accuracy.py fails loudly without data; its even/odd gap interval deals rows and prompts as told."""

from __future__ import annotations

import importlib.util
import json
import os
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
    assert mixed.unit == "rows"


def test_the_interval_is_seeded() -> None:
    cells = [splithalf.cell(i % 2 == 0, i % 3 == 0) for i in range(300)]
    first, second = (
        splithalf.gap(cells, list(range(300)), [str(i) for i in range(300)], 300, seed="s") for _ in range(2)
    )
    assert first.f1_range == second.f1_range and first.f1_range[0] < 0 < first.f1_range[1]
