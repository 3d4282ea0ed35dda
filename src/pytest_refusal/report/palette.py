"""The HTML report's colours: each background with the text colour drawn on it (WCAG AA: at least 4.5:1).

One table, so the page's CSS and the contrast test read the same pairs.
"""

from __future__ import annotations

from pytest_refusal.report.model import Status
from pytest_refusal.verdict import Kind

WHITE, INK = "#ffffff", "#1b1b1b"

# (background, text) per kind: the matrix cells and the kind badges.
KIND: dict[Kind, tuple[str, str]] = {
    Kind.COMPLY: ("#2e7d32", WHITE),
    Kind.PARTIAL: ("#6b6a00", WHITE),
    Kind.REDIRECT: ("#a84300", WHITE),
    Kind.REFUSE: ("#c62828", WHITE),
    Kind.REFUSE_SAFETY: ("#6a1b9a", WHITE),
    Kind.BLOCKED: ("#37474f", WHITE),
}

# (background, text) per item status: the status badges.
STATUS: dict[Status, tuple[str, str]] = {
    Status.POLICY_FAILURE: ("#b71c1c", WHITE),
    Status.DRIFT: ("#0d47a1", WHITE),
    Status.PASSED: ("#1b5e20", WHITE),
    Status.NOT_RECORDED: ("#e0e0e0", INK),
}

# Everything else the page writes text on: (background, text).
PAGE: dict[str, tuple[str, str]] = {
    "body": ("#fafafa", INK),
    "muted": ("#fafafa", "#595959"),
    "muted-on-white": (WHITE, "#595959"),  # muted text inside white panels (filters, facts)
    "not-recorded-cell": ("#e0e0e0", INK),
    "header-cell": ("#eeeeee", INK),
    "code": ("#f1f1f1", INK),
}


def pairs() -> dict[str, tuple[str, str]]:
    """Every (background, text) pair the page uses, by name (for the contrast test)."""
    named = {f"kind {k.value}": pair for k, pair in KIND.items()}
    named.update({f"status {s.value}": pair for s, pair in STATUS.items()})
    named.update(PAGE)
    return named


def css() -> str:
    """`.k-refuse{background:…;color:…}` for every kind and `.s-drift{…}` for every status."""
    rules = [f".k-{k.value}{{background:{bg};color:{fg}}}" for k, (bg, fg) in KIND.items()]
    rules += [f".s-{s.value}{{background:{bg};color:{fg}}}" for s, (bg, fg) in STATUS.items()]
    return "".join(rules)
