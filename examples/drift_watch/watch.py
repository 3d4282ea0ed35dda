"""The nightly drift watch: re-record, run the map, and write the baseline diff as a pull-request body.

    python watch.py MAP_DIR [--record all|stale] [--require-key VAR ...] [--out DIR]

Exit codes tell the workflow what it learnt:
  0  no drift (the body is still written: served-model changes and noise are worth a look)
  1  drift found: OUT/pr-body.md holds the diff, and the baseline and cassettes hold the change
  2  the command line or a file is wrong (fix the workflow)
  3  could not find out: a key is missing, or the provider was down or refused the key
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

NO_DRIFT, DRIFT, BROKEN, UNKNOWN = 0, 1, 2, 3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("map_dir", type=Path, help="the folder holding the maps, their pytest.ini and baseline")
    parser.add_argument(
        "--record",
        choices=("all", "stale"),
        default="all",
        help="re-record every cassette, or only those older than refusal_max_age",
    )
    parser.add_argument(
        "--require-key",
        action="append",
        default=[],
        metavar="VAR",
        help="an API key variable that must be set (repeatable); the workflow fills them from secrets",
    )
    parser.add_argument("--baseline", default="refusal-baseline.yaml", help="the baseline, relative to MAP_DIR")
    parser.add_argument("--out", type=Path, default=Path("drift-watch"), help="where the run's files go")
    args = parser.parse_args(argv)

    missing = [name for name in args.require_key if not os.environ.get(name, "").strip()]
    if missing:
        return say(
            UNKNOWN,
            f"could not find out: {', '.join(missing)} not set; add each as a repository secret "
            "and pass it to this step's env",
        )
    baseline = args.map_dir / args.baseline
    if not args.map_dir.is_dir():
        return say(BROKEN, f"{args.map_dir} is not a folder; pass the folder of your refusal maps")
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out.resolve()
    before = out / "baseline-before.yaml"
    if baseline.is_file():
        shutil.copyfile(baseline, before)
    else:
        before.write_text("version: 1\nmodels: {}\n", encoding="utf-8")  # the first watch: everything is new

    recorded = pytest(
        args.map_dir, f"--refusal-record={args.record}", "--refusal-drift=warn", f"--junitxml={out / 'junit.xml'}"
    )
    nothing_stale = args.record == "stale" and recorded == 5  # every cassette fresh: all deselected
    if recorded not in (0, 1) and not nothing_stale:  # 0 all passed, 1 some policy failures: both are findings
        return say(
            UNKNOWN if recorded in (2, 3) else BROKEN,
            f"could not find out: the recording run stopped with pytest exit code {recorded}",
        )
    faults = provider_faults(out / "junit.xml")
    if faults:
        return say(UNKNOWN, f"could not find out: {len(faults)} item(s) met a provider error, e.g.\n  {faults[0]}")
    # Replay everything (fresh and new recordings): the map after, and the baseline change the PR proposes.
    accepted = pytest(
        args.map_dir, "--refusal-update-baseline", "--refusal-drift=warn", f"--refusal-report={out / 'after.json'}"
    )
    if accepted not in (0, 1):
        return say(BROKEN, f"accepting the new recordings failed with pytest exit code {accepted}")

    body = out / "pr-body.md"
    with body.open("w", encoding="utf-8") as handle:
        compared = subprocess.run(
            [sys.executable, "-m", "pytest_refusal", "diff", "--md", str(before), str(out / "after.json")],
            stdout=handle,
            check=False,
        ).returncode
    if compared == DRIFT:
        return say(DRIFT, f"drift found; the pull-request body is {body}")
    if compared != NO_DRIFT:
        return say(BROKEN, f"the diff could not be made (exit code {compared})")
    return say(NO_DRIFT, f"no drift; the diff is in {body}")


def pytest(map_dir: Path, *args: str) -> int:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args], cwd=map_dir, check=False
    ).returncode


def provider_faults(junit: Path) -> list[str]:
    """Failures that are not verdicts: the provider was down, refused the key or rate-limited past the retries, or a key was missing."""
    if not junit.is_file():
        return []
    found = []
    for case in ET.parse(junit).iter("testcase"):
        for failure in (*case.iter("failure"), *case.iter("error")):
            message = failure.get("message", "") + (failure.text or "")
            if "provider error" in message or "is not set, and recording" in message:
                found.append(f"{case.get('name', '?')}: {message.strip().splitlines()[0][:200]}")
    return found


def say(code: int, message: str) -> int:
    print(f"drift watch: {message}", file=sys.stderr if code in (BROKEN, UNKNOWN) else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main())
