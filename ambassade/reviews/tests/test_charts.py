"""The SVG charts: escaped labels, numbers in the language, sensible axes."""

from __future__ import annotations

from datetime import date, timedelta
from xml.etree import ElementTree  # noqa: S405 - our own markup, parsed to check it

import pytest

from ambassade.reviews.charts import bar_chart, line_chart, line_chart_note, nice_ceiling, nice_ticks
from ambassade.reviews.typography import NNBSP

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 - our own markup, parsed to check it


def _texts(svg: str) -> list[str]:
    return [element.text or "" for element in _parse(svg).iter(f"{SVG}text")]


def test_the_axis_ends_on_a_round_number() -> None:
    assert [nice_ceiling(value) for value in (0, 7, 12, 180, 2080, 0.4)] == [1, 10, 20, 200, 2500, 0.5]


def test_a_line_chart_has_a_title_dated_ticks_a_legend_and_one_line_per_series() -> None:
    start = date(2026, 1, 1)
    series: dict[str, list[tuple[date, float]]] = {
        "Inscrits": [(start + timedelta(days=7 * week), 100 * week) for week in range(52)],
        "Actifs": [(start + timedelta(days=7 * week), 40 * week) for week in range(52)],
    }
    svg = line_chart(series, language="fr", title="Courbe d'adoption")
    root = _parse(svg)
    assert root.get("aria-label") == "Courbe d'adoption"
    assert len(list(root.iter(f"{SVG}polyline"))) == 2
    texts = _texts(svg)
    assert f"4{NNBSP}000" in texts  # a tick of the y axis (0 to 6 000 by 2 000 for 5 100), in French
    assert "jan. 2026" in texts  # Django's French month abbreviations
    assert {"Inscrits", "Actifs"} <= set(texts)


def test_english_ticks_use_commas() -> None:
    svg = line_chart({"Clicks": [(date(2026, 1, 1), 0), (date(2026, 3, 1), 1800)]}, language="en", title="t")
    assert "2,000" in _texts(svg)


def test_labels_are_escaped() -> None:
    svg = bar_chart([("<b>R&D</b>", 3)], language="en", title="A <title>")
    assert "<b>" not in svg
    assert "&lt;b&gt;R&amp;D&lt;/b&gt;" in svg
    assert _parse(svg).get("aria-label") == "A <title>"


def test_bars_write_their_values_horizontally_and_vertically() -> None:
    items = [("Siège", 1234.0), ("Filiale Sud", 12.5)]
    assert {f"1{NNBSP}234", "12,5"} <= set(_texts(bar_chart(items, language="fr", title="t")))
    assert {"1,234", "12.5"} <= set(_texts(bar_chart(items, language="en", title="t", horizontal=False)))


def test_a_chart_with_no_data_is_still_valid_svg() -> None:
    _parse(line_chart({}, language="fr", title="vide"))
    _parse(bar_chart([], language="fr", title="vide"))


def _tick_values(svg: str) -> list[str]:
    """The y axis's tick labels, bottom to top (the texts right-aligned left of the plot)."""
    root = _parse(svg)
    ticks = [
        (float(element.get("y") or 0), element.text or "")
        for element in root.iter(f"{SVG}text")
        if element.get("text-anchor") == "end" and float(element.get("x") or 0) < 56
    ]
    return [text for _y, text in sorted(ticks, reverse=True)]


def test_nice_ticks_cover_the_data_with_round_steps() -> None:
    assert nice_ticks(1000, 1185) == [1000, 1050, 1100, 1150, 1200]
    assert nice_ticks(0, 1800) == [0, 500, 1000, 1500, 2000]
    assert nice_ticks(3, 5, integer=True) == [3, 4, 5]
    assert nice_ticks(0, 0) == [0, 1]


def test_a_line_chart_of_a_small_rise_zooms_on_the_data_and_marks_the_broken_axis() -> None:
    start = date(2026, 1, 1)
    followers = [(start + timedelta(days=7 * week), 1000 + round(185 * week / 51)) for week in range(52)]
    svg = line_chart({"LinkedIn": followers}, language="en", title="Followers")
    assert _tick_values(svg) == ["1,000", "1,050", "1,100", "1,150", "1,200"]
    root = _parse(svg)
    assert root.find(f"{SVG}path[@class='axis-break']") is not None  # the zigzag that says "not from 0"
    assert root.findtext(f"{SVG}desc") == "The vertical axis does not start at zero: it starts at 1,000."
    assert line_chart_note({"LinkedIn": followers}, language="en") == root.findtext(f"{SVG}desc")
    # The line uses the plot's height: from its bottom tick to near its top one.
    points = [float(pair.split(",")[1]) for pair in root.find(f"{SVG}polyline").get("points").split()]  # type: ignore[union-attr]
    assert max(points) - min(points) > 150


def test_a_line_chart_from_near_zero_keeps_zero_and_no_break() -> None:
    svg = line_chart({"Shares": [(date(2026, 1, 1), 2), (date(2026, 6, 1), 90)]}, language="en", title="t")
    assert _tick_values(svg)[0] == "0"
    assert _parse(svg).find(f"{SVG}path[@class='axis-break']") is None
    assert line_chart_note({"Shares": [(date(2026, 1, 1), 2)]}, language="en") == ""


def test_bars_always_start_at_zero_even_for_close_values() -> None:
    svg = bar_chart([("A", 1000), ("B", 1185)], language="en", title="t", horizontal=False)
    assert _tick_values(svg)[0] == "0"
    widths = [float(rect.get("height") or 0) for rect in _parse(svg).iter(f"{SVG}rect")]
    assert widths[0] / widths[1] == pytest.approx(1000 / 1185, rel=0.01)
