"""The version matrix's plan (run.py): every axis covered, the declared floors tested, failures fail the run, CI runs it."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).parent


def load_runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("refusal_matrix_run", HERE / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


run = load_runner()


def cells_with(requirement: str) -> list[str]:
    return [cell.name for cell in run.CELLS if requirement in cell.requirements]


@pytest.mark.parametrize("python", ["3.10", "3.11", "3.13"])
def test_every_supported_python_runs_the_cycle(python: str) -> None:
    assert [c.name for c in run.CELLS if c.python == python and run.CYCLE in c.tests]


@pytest.mark.parametrize(
    "requirement",
    ["openai>=1,<2", "openai>=2,<3", "openai>=3,<4", "vcrpy", "pytest"],
    ids=["openai1-newest", "openai2-newest", "openai3-newest", "vcrpy-newest", "pytest-newest"],
)
def test_every_newest_version_runs_the_cycle(requirement: str) -> None:
    assert cells_with(requirement)


@pytest.mark.parametrize("name", ["openai", "vcrpy", "pytest"])
def test_every_declared_floor_is_a_pin_some_cell_installs(name: str) -> None:
    pyproject = (run.ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (floor,) = re.findall(rf'^  "{name}>=([0-9.]+)",$', pyproject, flags=re.MULTILINE)
    assert cells_with(f"{name}=={floor}")


def test_the_vcrpy_floor_meets_openai_3_whose_http_library_it_must_patch() -> None:
    assert set(cells_with(run.FLOOR["vcrpy"])) & set(cells_with("openai>=3,<4"))


@pytest.mark.parametrize(
    ("client", "test"),
    [
        ("anthropic", "test_anthropic.py"),
        ("langchain-openai", "test_langchain.py"),
        ("litellm", "test_litellm.py"),
    ],
)
def test_every_optional_client_has_a_cell_and_its_test_file(client: str, test: str) -> None:
    (cell,) = [c for c in run.CELLS if client in c.distributions]
    assert cell.optional and cell.tests == (test,)
    assert (run.CELLS_DIR / test).is_file()


@pytest.mark.parametrize(
    ("outcome", "optional", "fails_the_run"),
    [("passed", False, False), ("failed", False, True), ("failed", True, True), ("not installable", True, False)],
    ids=["passed", "failed", "optional-failed", "optional-not-installable"],
)
def test_which_outcomes_fail_the_run(outcome: str, optional: bool, fails_the_run: bool) -> None:
    cell = run.Cell("c", "3.11", ("openai",), optional=optional)
    assert run.Result(cell, outcome, "python 3.11.7", 1.0).failed is fails_the_run


def test_the_table_has_a_row_per_cell_with_versions_result_and_seconds() -> None:
    cell = run.Cell("floors", "3.11", ("openai==1.55.3",))
    rendered = run.table([run.Result(cell, "passed", "python 3.11.7, openai 1.55.3", 18.4)])
    assert rendered.splitlines() == [
        "| cell | versions | result | seconds |",
        "|---|---|---|---|",
        "| floors | python 3.11.7, openai 1.55.3 | passed | 18 |",
    ]


def test_the_closing_line_counts_cells_as_ci_reads_test_counts() -> None:
    cells = [run.Cell(name, "3.11", ("openai",), optional=True) for name in "abcd"]
    outcomes = ["passed", "failed", "not installable", "passed"]
    results = [run.Result(cell, outcome, "", 1.0) for cell, outcome in zip(cells, outcomes, strict=False)]
    assert run.summary(results) == "matrix: 2 passed, 1 failed, 1 skipped"


def test_an_unknown_cell_name_is_refused_with_the_known_ones() -> None:
    with pytest.raises(SystemExit, match="--cells: unknown cell[(]s[)] py2.7; known: py3.11-newest, floors, "):
        run.select("floors,py2.7")


def test_ci_runs_the_matrix_after_the_suite_on_the_readme_test_line() -> None:
    readme = (run.ROOT / "README.md").read_text(encoding="utf-8")
    command = readme.split("Install and pass the tests", 1)[1]
    (line,) = [text for text in command.splitlines() if text.startswith("python3.11 -m venv")][:1]
    assert re.search(r"&& \.venv/bin/python -m pytest .* && \.venv/bin/python tests/matrix/run\.py$", line)


def test_the_suite_does_not_collect_the_cells_which_need_their_own_environments(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess(str(HERE), "--collect-only", "-q", "--rootdir", str(run.ROOT))
    assert "cells/" not in result.stdout.str()
    assert "test_matrix.py" in result.stdout.str()
