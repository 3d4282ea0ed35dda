"""Loading the plugin is cheap and silent: the heavy libraries wait until a test needs them."""

from __future__ import annotations

import subprocess
import sys

import pytest_refusal
from pytest_refusal.plugin import markers

CHECK = (
    "import sys, pytest_refusal.plugin, pytest_refusal.testing, pytest_refusal.cassette.simulate; "
    "print(sorted(m for m in ('openai', 'vcr', 'yaml', 'httpx2', 'httpcore2') if m in sys.modules))"
)


def test_importing_the_plugin_loads_no_http_client_vcr_or_yaml() -> None:
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True)
    assert (out.stdout.strip(), out.stderr) == ("[]", "")


def test_the_package_exports_the_marker_decorators_lazily() -> None:
    out = subprocess.run(
        [sys.executable, "-c", "import sys, pytest_refusal; print('pytest' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "False"
    assert pytest_refusal.expect_refusal is markers.expect_refusal
    assert pytest_refusal.expect_compliance is markers.expect_compliance
