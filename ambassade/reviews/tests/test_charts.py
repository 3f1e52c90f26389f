"""The SVG charts: escaped labels, numbers in the language, sensible axes."""

from __future__ import annotations

from datetime import date, timedelta
from xml.etree import ElementTree  # noqa: S405 - our own markup, parsed to check it

from ambassade.reviews.charts import bar_chart, line_chart, nice_ceiling
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
    assert f"5{NNBSP}000" in texts  # a tick of the y axis (5 100 rounds up to 10 000), in French
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
