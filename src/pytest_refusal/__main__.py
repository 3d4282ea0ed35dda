"""`python -m pytest_refusal`: the command line (see `pytest_refusal.cli`)."""

from __future__ import annotations

import sys

from pytest_refusal.cli import main

if __name__ == "__main__":
    sys.exit(main())
