"""Small server-side SVG charts for the review: the same markup in the HTML file and in the PDF
(WeasyPrint runs no JavaScript), so the HTML report stands on its own.

    line_chart({"Enrolled": [(date, 12), ...]}, language="fr", title="Adoption")
    bar_chart([("Siège", 120), ...], language="en", title="Coverage", horizontal=True)

Labels are escaped; numbers follow the language (1 234 in French, 1,234 in English); every chart has a
<title> and an aria-label, and the review shows the same figures in a table next to it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date

from django.utils import formats, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ambassade.reviews.typography import number, typography

PALETTE = ("#1f5fa8", "#e07b00", "#2e8b57", "#b23a48", "#6a4c93", "#4d908e", "#8a8a8a", "#c9a227")
FONT = "font-family=\"'DejaVu Sans', Arial, sans-serif\""


def nice_ceiling(value: float) -> float:
    """The smallest round number (1, 2, 2.5 or 5 × 10^n) at or above `value`; 1 for nothing."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def _nice_step(raw: float, *, integer: bool) -> float:
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10) if integer else (1, 2, 2.5, 5, 10):
        if raw <= multiple * power * (1 + 1e-9):
            step = multiple * power
            break
    return max(step, 1) if integer else step


def nice_ticks(low: float, high: float, *, count: int = 5, integer: bool = False) -> list[float]:
    """About `count` round ticks (steps of 1, 2, 2.5 or 5 × 10^n; whole steps for whole numbers)
    from at or below `low` to at or above `high`."""
    low, high = min(low, high), max(low, high)
    if low == high:
        low, high = min(low, 0), max(high, 0)
        if low == high:
            return [0, 1]
    step = _nice_step((high - low) / max(count - 1, 1), integer=integer)
    first = math.floor(low / step + 1e-9) * step
    last = math.ceil(high / step - 1e-9) * step
    ticks = []
    for index in range(round((last - first) / step) + 1):
        value = round(first + index * step, 10)
        ticks.append(int(value) if float(value).is_integer() else value)
    return ticks


def line_axis(values: Sequence[float]) -> list[float]:
    """The y ticks of a line chart. From 0 when the data come near it (or go below); around the data
    otherwise (1 000 → 1 185 followers), so that a small rise on a large base is visible — the chart then
    marks its axis as broken. Bars, whose length is the value, always start at 0 (`nice_ceiling`)."""
    low, high = min(values), max(values)
    integer = all(float(value).is_integer() for value in values)
    if low <= 0 or high - low > high / 2:
        return nice_ticks(min(low, 0), high, integer=integer)
    return nice_ticks(low, high, integer=integer)


def axis_note(floor: float, language: str) -> str:
    with translation.override(language):
        note = _("The vertical axis does not start at zero: it starts at %(value)s.") % {
            "value": _tick_label(floor, language)
        }
    return typography(note, language)


def line_chart_note(series: Mapping[str, Sequence[tuple[date, float]]], *, language: str) -> str:
    """The sentence to write under `line_chart(series)` when its axis does not start at zero; "" otherwise."""
    values = [value for points in series.values() for _day, value in points]
    floor = line_axis(values)[0] if values else 0
    return axis_note(floor, language) if floor > 0 else ""


def _tick_label(value: float, language: str) -> str:
    return number(value, language, decimals=0 if float(value).is_integer() else 1)


def _date_label(day: date, language: str, with_year: bool) -> str:
    with translation.override(language):
        return formats.date_format(day, "N Y" if with_year else "j N")


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    label = escape(title)
    return mark_safe(  # noqa: S308 - every label was escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{label}" {FONT} font-size="11">'
        f"<title>{label}</title>" + "".join(body) + "</svg>"
    )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def line_chart(
    series: Mapping[str, Sequence[tuple[date, float]]],
    *,
    language: str,
    title: str,
    width: int = 640,
    height: int = 240,
) -> SafeString:
    """One line per series over dates, with date ticks and a legend. The y axis starts at 0 unless the
    data stay far above it (see `line_axis`); then a zigzag on the axis says so, and the review writes
    `line_chart_note(...)` under the chart."""
    points = [point for values in series.values() for point in values]
    if not points:
        return _svg(width, height, title, [])
    yticks = line_axis([value for _day, value in points])
    floor, ceiling = yticks[0], yticks[-1]
    broken = floor > 0
    left, right, top, bottom = 56, 12, 12, 30 + 16 * math.ceil(len(series) / 3)
    plot_w, plot_h = width - left - right, height - top - bottom
    body: list[str] = []
    first = min(day for day, _value in points)
    last = max(day for day, _value in points)
    span = max((last - first).days, 1)

    def x(day: date) -> float:
        return left + plot_w * (day - first).days / span

    def y(value: float) -> float:
        return top + plot_h * (1 - (value - floor) / (ceiling - floor))

    for value in yticks:
        body.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="#d9d9d9" stroke-width="0.6"/>'
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" fill="#444">'
            f"{escape(_tick_label(value, language))}</text>"
        )
    if broken:
        base = top + plot_h
        body.insert(0, f"<desc>{escape(axis_note(floor, language))}</desc>")
        body.append(
            f'<line x1="{left}" x2="{left}" y1="{top}" y2="{base}" stroke="#666"/>'
            f'<path class="axis-break" d="M{left - 6},{base - 5} l12,-5 l0,5 l-12,5 z" fill="#fff" '
            f'stroke="none"/><path class="axis-break" d="M{left - 6},{base - 5} l12,-5 M{left - 6},'
            f'{base} l12,-5" fill="none" stroke="#666"/>'
        )
    ticks = 6 if span >= 6 else span + 1
    with_year = span > 120
    for index in range(ticks):
        day = date.fromordinal(first.toordinal() + round(span * index / max(ticks - 1, 1)))
        anchor = "start" if index == 0 else "end" if index == ticks - 1 else "middle"
        body.append(
            f'<text x="{x(day):.1f}" y="{top + plot_h + 16}" text-anchor="{anchor}" fill="#444">'
            f"{escape(_date_label(day, language, with_year))}</text>"
        )
    body.append(
        f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#666"/>'
    )
    for index, (name, values) in enumerate(series.items()):
        colour = PALETTE[index % len(PALETTE)]
        ordered = sorted(values)
        if len(ordered) == 1:
            day, value = ordered[0]
            body.append(f'<circle cx="{x(day):.1f}" cy="{y(value):.1f}" r="3" fill="{colour}"/>')
        elif ordered:
            path = " ".join(f"{x(day):.1f},{y(value):.1f}" for day, value in ordered)
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        legend_x = left + (index % 3) * (plot_w / 3)
        legend_y = top + plot_h + 32 + 16 * (index // 3)
        body.append(
            f'<rect x="{legend_x:.1f}" y="{legend_y - 9}" width="12" height="4" fill="{colour}"/>'
            f'<text x="{legend_x + 16:.1f}" y="{legend_y - 4}" fill="#222">'
            f"{escape(_shorten(name, 40))}</text>"
        )
    return _svg(width, height, title, body)


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    language: str,
    title: str,
    horizontal: bool = True,
    width: int = 640,
    colour: str = PALETTE[0],
) -> SafeString:
    """Bars with their value written beside them: horizontal (long labels, top first) or vertical."""
    ceiling = nice_ceiling(max((value for _label, value in items), default=0))
    body: list[str] = []
    if horizontal:
        row, label_w, right = 22, 190, 60
        height = 10 + row * len(items)
        plot_w = width - label_w - right
        for index, (label, value) in enumerate(items):
            top = 6 + index * row
            bar = plot_w * max(value, 0) / ceiling
            body.append(
                f'<text x="{label_w - 8}" y="{top + 13}" text-anchor="end" fill="#222">'
                f"{escape(_shorten(label, 32))}</text>"
                f'<rect x="{label_w}" y="{top + 2}" width="{bar:.1f}" height="{row - 8}" fill="{colour}"/>'
                f'<text x="{label_w + bar + 5:.1f}" y="{top + 13}" fill="#222">'
                f"{escape(_tick_label(value, language))}</text>"
            )
        return _svg(width, max(height, 20), title, body)
    height, left, top, bottom = 220, 50, 16, 44
    plot_w, plot_h = width - left - 10, height - top - bottom
    slot = plot_w / max(len(items), 1)
    for index in range(5):
        value = ceiling * index / 4
        y = top + plot_h * (1 - index / 4)
        body.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d9d9d9" '
            f'stroke-width="0.6"/><text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#444">'
            f"{escape(_tick_label(value, language))}</text>"
        )
    for index, (label, value) in enumerate(items):
        bar_h = plot_h * max(value, 0) / ceiling
        x = left + index * slot + slot * 0.15
        centre = left + index * slot + slot / 2
        body.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - bar_h:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{bar_h:.1f}" fill="{colour}"/>'
            f'<text x="{centre:.1f}" y="{top + plot_h - bar_h - 4:.1f}" text-anchor="middle" fill="#222">'
            f"{escape(_tick_label(value, language))}</text>"
            f'<text x="{centre:.1f}" y="{top + plot_h + 16}" text-anchor="middle" fill="#444">'
            f"{escape(_shorten(label, max(int(slot / 6.5), 4)))}</text>"
        )
    return _svg(width, height, title, body)
