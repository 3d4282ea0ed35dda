"""The version matrix: one virtual environment per cell, the record → offline replay → judge cycle run in each.

    python tests/matrix/run.py                 # every cell, a table at the end, non-zero if one failed
    python tests/matrix/run.py --list          # the cells and what each installs
    python tests/matrix/run.py --cells floors,py3.10-openai1 --keep

Each cell installs the project's wheel (built once) with its own Python, openai, vcrpy and pytest
and runs the tests in tests/matrix/cells/ with that pytest: the real SDK talks HTTP to the
scripted server on 127.0.0.1, vcrpy records a cassette, the replay runs with the server closed,
and markers and a probe map judge what came back. Cells are chosen so each supported version
of each axis runs at least once, not the full product. uv builds the environments when it is
installed (much faster), else `python -m venv` and pip do; the script itself needs Python 3.11
or newer (it reads pyproject.toml with tomllib). A client cell (anthropic, langchain,
litellm) whose packages do not install on its Python is reported, not failed; any other
problem fails its cell and the run.
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[2]
CELLS_DIR = Path(__file__).resolve().parent / "cells"
CYCLE = "test_cycle.py"
INSTALL_TIMEOUT = 900  # seconds; a cold cache downloads every wheel
TEST_TIMEOUT = 600


@dataclass(frozen=True)
class Cell:
    """One environment of the matrix: a Python, the requirements pip resolves beside the project, the tests run."""

    name: str
    python: str
    requirements: tuple[str, ...]
    tests: tuple[str, ...] = (CYCLE,)
    optional: bool = False  # a client that may not install on this Python: reported, not failed

    @property
    def distributions(self) -> tuple[str, ...]:
        """The names of the distributions its requirements pin, in order: `openai==1.55.3` → `openai`."""
        return tuple(re.split(r"[<>=!~\[ ;]", requirement)[0] for requirement in self.requirements)

    @property
    def shown(self) -> tuple[str, ...]:
        """The distributions whose installed versions the table shows: the axes, the SDK's HTTP library, the clients."""
        return (*AXES, *[name for name in self.distributions if name not in AXES])


AXES = ("openai", "httpx", "httpx2", "vcrpy", "pytest")


def declared_floors() -> dict[str, str]:
    """The floors pyproject.toml declares, as pins: `openai>=1.55.3` → `openai==1.55.3`, so raising one tests it."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {}
    for dependency in project["dependencies"]:
        name, floor, version = (part.strip() for part in dependency.partition(">="))
        if floor:
            pins[name] = f"{name}=={version}"
    return pins


FLOOR = declared_floors()
NEWEST = {
    "openai1": "openai>=1,<2",
    "openai2": "openai>=2,<3",
    "openai3": "openai>=3,<4",
    "vcrpy": "vcrpy",
    "pytest": "pytest",
}

CELLS = (
    Cell("py3.11-newest", "3.11", (NEWEST["openai3"], NEWEST["vcrpy"], NEWEST["pytest"])),
    Cell("floors", "3.11", (FLOOR["openai"], FLOOR["vcrpy"], FLOOR["pytest"])),
    Cell("py3.13-openai3-vcrpy-floor", "3.13", (NEWEST["openai3"], FLOOR["vcrpy"], NEWEST["pytest"])),
    Cell("py3.13-openai2-pytest-floor", "3.13", (NEWEST["openai2"], NEWEST["vcrpy"], FLOOR["pytest"])),
    Cell("py3.10-openai1", "3.10", (NEWEST["openai1"], FLOOR["vcrpy"], NEWEST["pytest"])),
    Cell("py3.10-openai3", "3.10", (NEWEST["openai3"], NEWEST["vcrpy"], FLOOR["pytest"])),
    Cell("langchain-openai", "3.11", ("langchain-openai", "vcrpy", "pytest"), ("test_langchain.py",), optional=True),
    Cell("litellm", "3.11", ("litellm", "vcrpy", "pytest"), ("test_litellm.py",), optional=True),
    Cell("anthropic", "3.11", ("anthropic", "vcrpy", "pytest"), ("test_anthropic.py",), optional=True),
)


@dataclass(frozen=True)
class Result:
    """How one cell ended: `passed`, `failed` or `not installable`, with its versions and the log's last lines."""

    cell: Cell
    outcome: str
    versions: str
    seconds: float
    detail: str = ""

    @property
    def failed(self) -> bool:
        return self.outcome not in ("passed", "not installable")


def find_python(version: str) -> str | None:
    """An interpreter for `version`: `pythonX.Y` on PATH if it runs, else one of pyenv's versions."""
    candidates = [shutil.which(f"python{version}") or ""]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates += sorted(glob.glob(str(pyenv / "versions" / f"{version}.*" / "bin" / f"python{version}")), reverse=True)
    for candidate in filter(None, candidates):
        probe = subprocess.run([candidate, "--version"], capture_output=True, text=True, check=False)
        if probe.returncode == 0 and probe.stdout.split()[-1].startswith(f"{version}."):
            return candidate
    return None


def find_uv() -> str | None:
    """uv from this interpreter's packages or PATH; None means `python -m venv` and pip."""
    try:
        import uv  # type: ignore[import-not-found,unused-ignore]

        return str(uv.find_uv_bin())
    except (ImportError, FileNotFoundError):
        return shutil.which("uv")


def clean_environment() -> dict[str, str]:
    """This environment minus what would make a cell import other code than its own venv's."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTEST_ADDOPTS", "PYTHONHOME")
    }
    env["UV_PYTHON_DOWNLOADS"] = "never"  # only the interpreters this machine has
    env["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"  # litellm otherwise fetches its price list at import
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


class Builder:
    """Builds the project's wheel once and an environment per cell, with uv when there is one."""

    def __init__(self, work: Path, uv: str | None) -> None:
        self.work, self.uv, self.env = work, uv, clean_environment()
        self.wheel: Path | None = None

    def run(self, command: Sequence[str], log: Path, timeout: int, cwd: Path | None = None) -> int:
        """Run `command`, appending its output to `log`; a timeout counts as a failure (exit code 124)."""
        with log.open("a", encoding="utf-8") as out:
            out.write(f"$ {' '.join(command)}\n")
            out.flush()
            try:
                done = subprocess.run(
                    command, stdout=out, stderr=subprocess.STDOUT, env=self.env, cwd=cwd, timeout=timeout, check=False
                )
            except subprocess.TimeoutExpired:
                out.write(f"timed out after {timeout} s\n")
                return 124
            return done.returncode

    def build_wheel(self, log: Path) -> Path:
        """The project's wheel, built from this checkout, as users install it."""
        dist = self.work / "dist"
        if self.uv:
            command = [self.uv, "build", "--wheel", "--out-dir", str(dist), str(ROOT)]
        else:
            command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)]
        if self.run(command, log, INSTALL_TIMEOUT) != 0:
            raise SystemExit(f"could not build the project's wheel; see {log}")
        (wheel,) = dist.glob("pytest_refusal-*.whl")
        return wheel

    def environment(self, cell: Cell, python: str, log: Path) -> Path | None:
        """A fresh venv for `cell` with the wheel and its requirements; None when the install failed."""
        assert self.wheel is not None
        venv = self.work / cell.name / "venv"
        shutil.rmtree(venv, ignore_errors=True)
        packages = [str(self.wheel), *cell.requirements]
        if self.uv:
            steps = [
                [self.uv, "venv", "-q", "-p", python, str(venv)],
                [self.uv, "pip", "install", "-q", "-p", str(venv / "bin" / "python"), *packages],
            ]
        else:
            steps = [
                [python, "-m", "venv", str(venv)],
                [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", *packages],
            ]
        for step in steps:
            if self.run(step, log, INSTALL_TIMEOUT) != 0:
                return None
        return venv


def versions(venv: Path, cell: Cell) -> str:
    """`python 3.13.0, openai 2.54.0, httpx 0.28.1, ...` as installed in the cell (absent ones left out)."""
    script = (
        "import importlib.metadata as m, platform, sys\n"
        "found = ['python ' + platform.python_version()]\n"
        "for name in sys.argv[1:]:\n"
        "    try: found.append(name + ' ' + m.version(name))\n"
        "    except m.PackageNotFoundError: pass\n"
        "print(', '.join(found))"
    )
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-c", script, *cell.shown], capture_output=True, text=True, check=False
    )
    return done.stdout.strip() or done.stderr.strip()[-200:]


def run_cell(builder: Builder, cell: Cell) -> Result:
    """Build the cell's environment and run its tests there with its own pytest."""
    started = time.monotonic()
    folder = builder.work / cell.name
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "log.txt"
    python = find_python(cell.python)
    if python is None:
        return Result(
            cell, "failed", f"python {cell.python}", 0.0, f"no Python {cell.python} on this machine (PATH or pyenv)"
        )
    venv = builder.environment(cell, python, log)
    if venv is None:
        outcome = "not installable" if cell.optional else "failed"
        return Result(cell, outcome, f"python {cell.python}", time.monotonic() - started, tail(log))
    tests = folder / "cells"
    shutil.rmtree(tests, ignore_errors=True)
    shutil.copytree(CELLS_DIR, tests, ignore=shutil.ignore_patterns("__pycache__"))
    command = [str(venv / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider", *cell.tests]
    code = builder.run(command, log, TEST_TIMEOUT, cwd=tests)
    outcome = "passed" if code == 0 else "failed"
    return Result(cell, outcome, versions(venv, cell), time.monotonic() - started, "" if code == 0 else tail(log))


def tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def table(results: Sequence[Result]) -> str:
    """The results as a Markdown table: cell, versions, result, seconds."""
    rows = ["| cell | versions | result | seconds |", "|---|---|---|---|"]
    rows += [f"| {r.cell.name} | {r.versions} | {r.outcome} | {r.seconds:.0f} |" for r in results]
    return "\n".join(rows)


def select(names: str | None) -> tuple[Cell, ...]:
    """The cells named in `--cells` (comma-separated), or all of them."""
    if not names:
        return CELLS
    known = {cell.name: cell for cell in CELLS}
    unknown = [name for name in names.split(",") if name not in known]
    if unknown:
        raise SystemExit(f"--cells: unknown cell(s) {', '.join(unknown)}; known: {', '.join(known)}")
    return tuple(known[name] for name in names.split(","))


def main(argv: Sequence[str] | None = None) -> int:
    args = arguments(argv)
    cells = select(args.cells)
    if args.list:
        print(
            "\n".join(f"{c.name}: python {c.python}, {' '.join(c.requirements)} → {' '.join(c.tests)}" for c in cells)
        )
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="refusal-matrix-"))
    work.mkdir(parents=True, exist_ok=True)
    builder = Builder(work, find_uv())
    print(
        f"matrix: {len(cells)} cells, {args.jobs} at a time, in {work} (environments by {'uv' if builder.uv else 'venv + pip'})",
        flush=True,
    )
    started = time.monotonic()
    try:
        builder.wheel = builder.build_wheel(work / "build.log")
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(lambda cell: report(run_cell(builder, cell), work, args.keep), cells))
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(table(results))
    print(f"matrix: {len(results)} cells in {time.monotonic() - started:.0f} s")
    print(summary(results))
    return 1 if any(r.failed for r in results) else 0


def arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cells", help="comma-separated cell names (default: all); see --list")
    parser.add_argument("--list", action="store_true", help="print the cells and what each installs, then exit")
    parser.add_argument(
        "--jobs", type=int, default=2, help="cells built and run at once (default: 2, one per core here)"
    )
    parser.add_argument(
        "--work", type=Path, help="folder for the environments (default: a temporary one, removed after)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the environments and logs")
    return parser.parse_args(argv)


def report(result: Result, work: Path, keep: bool) -> Result:
    """Print one cell's line as it ends (its log's tail when it did not pass); drop its venv unless kept."""
    print(f"  {result.cell.name}: {result.outcome} in {result.seconds:.0f} s ({result.versions})", flush=True)
    if result.outcome != "passed":
        print("    " + result.detail.replace("\n", "\n    "), flush=True)
    if not keep:
        shutil.rmtree(work / result.cell.name / "venv", ignore_errors=True)
    return result


def summary(results: Sequence[Result]) -> str:
    """The closing line, in the form CI reads: `matrix: 8 passed, 1 failed, 0 skipped` (not installable is skipped)."""
    count = {outcome: sum(r.outcome == outcome for r in results) for outcome in ("passed", "not installable")}
    failed = len(results) - count["passed"] - count["not installable"]
    return f"matrix: {count['passed']} passed, {failed} failed, {count['not installable']} skipped"


if __name__ == "__main__":
    sys.exit(main())
