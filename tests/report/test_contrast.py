"""Every colour pair of the HTML report meets WCAG AA for normal text (contrast ratio ≥ 4.5:1)."""

from __future__ import annotations

import pytest

from pytest_refusal.report import htmlpage, palette
from pytest_refusal.report.model import RefusalMap, Status
from pytest_refusal.verdict import Kind

AA = 4.5


def luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of `#rrggbb`."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(
    ("a", "b", "ratio"),
    [("#ffffff", "#000000", 21.0), ("#ffffff", "#ffffff", 1.0), ("#ffffff", "#767676", 4.54)],
    ids=["black", "same", "grey 767676"],
)
def test_the_contrast_formula_matches_wcag_reference_values(a: str, b: str, ratio: float) -> None:
    assert contrast(a, b) == pytest.approx(ratio, abs=0.01)


@pytest.mark.parametrize(("name", "pair"), sorted(palette.pairs().items()), ids=sorted(palette.pairs()))
def test_every_background_and_its_text_colour_reach_aa(name: str, pair: tuple[str, str]) -> None:
    background, text = pair
    assert contrast(background, text) >= AA, f"{name}: {contrast(background, text):.2f}:1"


def test_every_kind_and_status_has_a_colour_pair_in_the_page() -> None:
    assert set(palette.KIND) == set(Kind) and set(palette.STATUS) == set(Status)
    page = htmlpage.render(RefusalMap(()))
    for kind, (background, text) in palette.KIND.items():
        assert f".k-{kind.value}{{background:{background};color:{text}}}" in page


def test_the_old_partial_and_redirect_colours_were_below_aa() -> None:
    """White on #9e9d24 (partial) and #ef6c00 (redirect) was 2.9:1 and 3.1:1: why they changed."""
    assert round(contrast("#9e9d24", "#ffffff"), 1) == 2.9 and round(contrast("#ef6c00", "#ffffff"), 1) == 3.1
    assert palette.KIND[Kind.PARTIAL][0] != "#9e9d24" and palette.KIND[Kind.REDIRECT][0] != "#ef6c00"
