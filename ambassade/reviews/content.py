"""What the review says: its sections, built from rollups and the other apps' selectors.

`review_build(...)` reads the figures section by section (calling `progress(percent, step)` after each)
and returns a `ReviewDocument` that `render.py` turns into HTML and PDF. A section with no data is left
out. Every figure comes with the previous period of the same length for comparison. The review names no
one: sources are channels, campaigns, departments and entities, never individual ambassadors.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import formats, timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ambassade.analytics.overview import Figure, Overview, Period, SourceRow, overview_get
from ambassade.orgs.models import Entity, Organisation, organisation_zone
from ambassade.reviews import charts
from ambassade.reviews.typography import number, signed_percent

Progress = Callable[[int, str], None]

TOP_THEMES = 10
TOP_DEPARTMENTS = 15
TOP_SOURCES = 12


@dataclass
class FigureRow:
    key: str
    label: str
    value: str
    previous: str
    change: str


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]


@dataclass
class Chart:
    title: str
    svg: SafeString
    note: str = ""  # written under the chart (e.g. its vertical axis does not start at zero)


def _line(series: dict[str, list[tuple[date, int]]], title: str, language: str) -> Chart:
    return Chart(
        title,
        charts.line_chart(series, language=language, title=title),
        charts.line_chart_note(series, language=language),
    )


@dataclass
class Section:
    key: str
    title: str
    intro: str = ""
    figures: list[FigureRow] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)  # training impacts: one block each


@dataclass
class ReviewDocument:
    title: str
    organisation: str
    scope: str
    language: str
    period: Period
    period_label: str
    previous_label: str
    generated_at: str
    sections: list[Section]


def _day(day: date, language: str) -> str:
    """12 mars 2026, 1er mars 2026 (French writes the first of the month as an ordinal); 12 March 2026."""
    with translation.override(language):
        text = formats.date_format(day, "j F Y")
    if language.startswith("fr") and day.day == 1:
        text = "1er" + text[1:]
    return text


def period_label(period: Period, language: str) -> str:
    return f"{_day(period.start, language)} – {_day(period.end, language)}"


def _is_share(key: str) -> bool:
    return key.endswith("_share")


def _figure_text(key: str, value: float | None, language: str) -> str:
    if _is_share(key):
        return number(value, language, decimals=1, percent=True)
    decimals = 0 if value is None or float(value).is_integer() else 1
    return number(value, language, decimals=decimals)


def _figure_row(figure: Figure, language: str) -> FigureRow:
    if _is_share(figure.key):
        # A share (in percent) changes by points, not by a percentage of itself.
        points = None
        if figure.value is not None and figure.previous is not None:
            points = figure.value - figure.previous
        change = "–" if points is None else ("+" if points > 0 else "") + number(points, language, decimals=1)
        change = change if points is None else change + " " + _("pts")
    else:
        change = signed_percent(figure.change_percent, language)
    return FigureRow(
        key=figure.key,
        label=str(figure.label),
        value=_figure_text(figure.key, figure.value, language),
        previous=_figure_text(figure.key, figure.previous, language),
        change=change,
    )


def _figures(overview: Overview, keys: tuple[str, ...], language: str) -> list[FigureRow]:
    return [_figure_row(overview.figures[key], language) for key in keys if key in overview.figures]


def _has(overview: Overview, keys: tuple[str, ...]) -> bool:
    return any(
        (figure := overview.figures.get(key)) is not None and (figure.value or figure.previous)
        for key in keys
    )


def _compare(key: str, label: str, value: float | None, previous: float | None, language: str) -> FigureRow:
    return _figure_row(Figure(key=key, label=label, value=value, previous=previous), language)


# --- the sections -----------------------------------------------------------------------------------


def section_participation(overview: Overview, language: str) -> Section | None:
    keys = ("staff", "enrolled", "active", "active_share")
    series = {key: overview.adoption[key] for key in ("enrolled", "active") if overview.adoption.get(key)}
    if not _has(overview, ("enrolled", "active")) and not any(v for s in series.values() for _d, v in s):
        return None
    section = Section(
        key="participation",
        title=_("Participation and adoption"),
        intro=_("Staff enrolled in the ambassador programme and those active during the period."),
        figures=_figures(overview, keys, language),
    )
    names = {"enrolled": _("Enrolled ambassadors"), "active": _("Active ambassadors")}
    if series:
        title = _("Adoption curve")
        labelled = {str(names.get(key, key)): values for key, values in series.items()}
        section.charts.append(_line(labelled, title, language))
    return section


def section_coverage(overview: Overview, language: str) -> Section | None:
    rows = [row for row in overview.coverage if row[1]]
    if not rows or not any(row[2] for row in rows):
        return None
    section = Section(
        key="coverage",
        title=_("Coverage by department"),
        intro=_("Share of each department's staff enrolled as ambassadors (small groups are merged)."),
    )
    ranked = sorted(rows, key=lambda row: (-row[2] / row[1], row[0]))
    title = _("Enrolled share by department (%)")
    bars = [(label, round(100 * enrolled / staff, 1)) for label, staff, enrolled, _active in ranked]
    section.charts.append(
        Chart(title, charts.bar_chart(bars[:TOP_DEPARTMENTS], language=language, title=title))
    )
    section.tables.append(
        Table(
            caption=_("Coverage by department"),
            headers=[
                _("Department"),
                _("Staff"),
                _("Enrolled ambassadors"),
                _("Active ambassadors"),
                _("Enrolled share"),
            ],
            rows=[
                [
                    label,
                    number(staff, language),
                    number(enrolled, language),
                    number(active, language),
                    number(100 * enrolled / staff, language, decimals=1, percent=True),
                ]
                for label, staff, enrolled, active in ranked
            ],
        )
    )
    return section


def section_followers(overview: Overview, language: str) -> Section | None:
    series = {key: values for key, values in overview.followers.items() if values}
    if not series and not _has(overview, ("followers", "reach")):
        return None
    section = Section(
        key="followers",
        title=_("Followers and reach"),
        intro=_(
            "Followers of the organisation's pages, and the reach of its ambassadors (their own followers)."
        ),
        figures=_figures(overview, ("followers", "reach"), language),
    )
    if series:
        title = _("Page followers")
        section.charts.append(_line(series, title, language))
    if overview.followers_gained:
        section.tables.append(
            Table(
                caption=_("Followers gained over the period"),
                headers=[_("Page"), _("Gained")],
                rows=[
                    [label, ("+" if gained > 0 else "") + number(gained, language)]
                    for label, gained in sorted(overview.followers_gained.items())
                ],
            )
        )
    return section


def _source_table(rows: list[SourceRow], caption: str, first: str, language: str) -> Table:
    return Table(
        caption=caption,
        headers=[first, _("Human clicks"), _("Applications"), _("Introductions"), _("Hires")],
        rows=[
            [
                row.label,
                number(row.human_clicks, language),
                number(row.applications, language),
                number(row.introductions, language),
                number(row.hires, language),
            ]
            for row in rows[:TOP_SOURCES]
        ],
    )


def section_traffic(overview: Overview, language: str) -> Section | None:
    if not _has(overview, ("shares", "human_clicks")):
        return None
    section = Section(
        key="traffic",
        title=_("Traffic to the career sites"),
        intro=_("Shares by ambassadors and the human clicks (bots excluded) their tracked links brought."),
        figures=_figures(overview, ("shares", "human_clicks"), language),
    )
    for row in section.figures:
        if row.key == "human_clicks":
            # ActivityDay's clicks: the ambassadors' links only; the tables below count every tracked link.
            row.label = _("Human clicks on ambassadors' links")
    activity = {key: values for key, values in overview.activity.items() if values}
    if activity:
        names = {"shares": _("Shares"), "human_clicks": _("Human clicks")}
        title = _("Shares and human clicks per week")
        labelled = {str(names.get(key, key)): values for key, values in activity.items()}
        section.charts.append(_line(labelled, title, language))
    channels = [row for row in overview.by_source.get("channel", []) if row.human_clicks]
    if channels:
        title = _("Human clicks by channel (all tracked links)")
        bars = [(row.label, row.human_clicks) for row in sorted(channels, key=lambda row: -row.human_clicks)]
        section.charts.append(
            Chart(title, charts.bar_chart(bars[:TOP_SOURCES], language=language, title=title))
        )
    entities = [row for row in overview.by_source.get("entity", []) if row.human_clicks]
    if entities:
        section.tables.append(
            Table(
                caption=_("Human clicks by entity (all tracked links)"),
                headers=[_("Entity"), _("Human clicks")],
                rows=[
                    [row.label, number(row.human_clicks, language)]
                    for row in sorted(entities, key=lambda row: -row.human_clicks)
                ],
            )
        )
    return section


def section_sources(overview: Overview, language: str) -> Section | None:
    if not _has(overview, ("applications", "introductions", "hires")):
        return None
    section = Section(
        key="sources",
        title=_("Applications, introductions and hires by source"),
        figures=_figures(overview, ("applications", "introductions", "hires"), language),
    )
    kinds = (
        ("channel", _("By channel"), _("Channel")),
        ("campaign", _("By campaign"), _("Campaign")),
        ("department", _("By department"), _("Department")),
        ("entity", _("By entity"), _("Entity")),
    )
    for kind, caption, first in kinds:
        rows = [row for row in overview.by_source.get(kind, []) if row.applications or row.introductions]
        if rows:
            rows.sort(key=lambda row: (-row.hires, -row.applications, -row.introductions, row.label))
            section.tables.append(_source_table(rows, caption, first, language))
    hires = [(row.label, row.hires) for row in overview.by_source.get("channel", []) if row.hires]
    if hires:
        title = _("Hires by channel")
        section.charts.append(
            Chart(title, charts.bar_chart(sorted(hires, key=lambda i: -i[1]), language=language, title=title))
        )
    return section


def _interval(low: float | None, high: float | None, language: str) -> str:
    if low is None or high is None:
        return "–"
    separator = " ; " if language.startswith("fr") else ", "  # 0,9 ; 2,7 in French: the comma is decimal
    return f"[{number(low, language, decimals=2)}{separator}{number(high, language, decimals=2)}]"


def section_training(
    *, organisation: Organisation, period: Period, entity: Entity | None, language: str
) -> Section | None:
    from ambassade.training.impact_data import impacts_for_period

    results = impacts_for_period(
        organisation=organisation, start=period.start, end=period.end, entity=entity, language=language
    )
    if not results:
        return None
    section = Section(
        key="training",
        title=_("Training impact"),
        intro=_(
            "Participants' activity before and after each training, compared with similar colleagues not yet "
            "trained (difference in differences, %(level)s %% interval)."
        )
        % {"level": 95},
    )
    for result in results:
        rows = []
        for metric in result.metrics:
            if metric.effect is None:
                rows.append([str(metric.label), "–", "–", "–", metric.reason or ""])
                continue
            rows.append(
                [
                    str(metric.label),
                    number(metric.effect, language, decimals=2),
                    _interval(metric.low, metric.high, language),
                    "–" if metric.ratio is None else "×" + number(metric.ratio, language, decimals=1),
                    "",
                ]
            )
        section.items.append(
            {
                "subject": result.subject,
                "sentence": result.sentence,
                "reason": result.reason,
                "groups": _("%(treated)s participants, %(control)s in the comparison group")
                % {
                    "treated": number(result.treated_n, language),
                    "control": number(result.control_n, language),
                },
                "table": Table(
                    caption=result.subject,
                    headers=[_("Measure"), _("Weekly effect"), _("Interval"), _("Ratio"), _("Note")],
                    rows=rows,
                )
                if rows and result.reason is None
                else None,
            }
        )
    return section


def _window(organisation: Organisation, period: Period) -> tuple[datetime, datetime]:
    zone = organisation_zone(organisation)
    start = timezone.make_aware(datetime.combine(period.start, time.min), zone)
    end = timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time.min), zone)
    return start, end


def _theme_volumes(organisation: Organisation, period: Period) -> dict[int, dict[str, int]]:
    from ambassade.listening.models import MentionTheme

    since, until = _window(organisation, period)
    rows = (
        MentionTheme.objects.filter(
            mention__organisation=organisation,
            mention__published_at__gte=since,
            mention__published_at__lt=until,
            mention__duplicate_of=None,
            mention__source__competitor=False,
        )
        .values("theme_id")
        .annotate(
            count=Count("mention_id"),
            positive=Count("mention_id", filter=Q(mention__sentiment="positive")),
            negative=Count("mention_id", filter=Q(mention__sentiment="negative")),
        )
        .order_by()
    )
    return {row["theme_id"]: row for row in rows}


def section_listening(
    *, organisation: Organisation, period: Period, language: str, entity: Entity | None = None
) -> Section | None:
    from ambassade.listening.models import Theme
    from ambassade.listening.selectors import net_sentiment

    current = _theme_volumes(organisation, period)
    if not current:
        return None
    previous = _theme_volumes(organisation, period.previous())
    themes = {theme.pk: theme for theme in Theme.objects.filter(organisation=organisation, pk__in=current)}
    ranked = sorted(current.values(), key=lambda row: -row["count"])[:TOP_THEMES]
    section = Section(
        key="listening",
        title=_("Listening: what is said about the organisation"),
        intro=_(
            "The most discussed themes of the period (competitors aside), with their net sentiment: "
            "(positive − negative) / (positive + negative)."
        ),
    )
    if entity is not None:
        # Mentions belong to no entity: an entity's review shows the organisation's, and says so.
        section.intro += " " + _(
            "These themes concern the whole organisation: mentions are not attributed to an entity."
        )
    with translation.override(language):
        names = {pk: theme.name for pk, theme in themes.items()}
    title = _("Mentions by theme")
    bars = [(names.get(row["theme_id"], "?"), row["count"]) for row in ranked]
    section.charts.append(Chart(title, charts.bar_chart(bars, language=language, title=title)))
    rows = []
    for row in ranked:
        net = net_sentiment(row["positive"], row["negative"])
        before = previous.get(row["theme_id"], {}).get("count")
        rows.append(
            [
                names.get(row["theme_id"], "?"),
                number(row["count"], language),
                number(before or 0, language),
                "–" if net is None else ("+" if net > 0 else "") + number(net, language, decimals=2),
            ]
        )
    section.tables.append(
        Table(
            caption=_("Top themes"),
            headers=[_("Theme"), _("Mentions"), _("Previous period"), _("Net sentiment")],
            rows=rows,
        )
    )
    return section


def _response_hours(
    organisation: Organisation, entity: Entity | None, period: Period
) -> tuple[int, list[float]]:
    """How many conversations arrived in the period, and the hours to the first answer of those answered."""
    from ambassade.inbox.models import Conversation

    since, until = _window(organisation, period)
    conversations = Conversation.objects.filter(
        organisation=organisation, created_at__gte=since, created_at__lt=until
    )
    if entity is not None:
        conversations = conversations.filter(entity=entity)
    pairs = list(conversations.values_list("created_at", "first_response_at"))
    hours = [max(0.0, (answered - created).total_seconds() / 3600) for created, answered in pairs if answered]
    return len(pairs), hours


def _p90(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * 9 // 10))  # nearest rank, as the inbox's own figures
    return ordered[rank - 1]


def section_inbox(
    *, organisation: Organisation, entity: Entity | None, period: Period, language: str
) -> Section | None:
    total, answered = _response_hours(organisation, entity, period)
    if not total:
        return None
    total_before, answered_before = _response_hours(organisation, entity, period.previous())

    def median(values: list[float]) -> float | None:
        return round(statistics.median(values), 1) if values else None

    def p90(values: list[float]) -> float | None:
        value = _p90(values)
        return None if value is None else round(value, 1)

    return Section(
        key="inbox",
        title=_("Candidate inbox: response times"),
        intro=_("Time from a candidate's message to the first answer, in hours."),
        figures=[
            _compare("conversations", _("Conversations"), total, total_before or None, language),
            _compare(
                "answered", _("Conversations answered"), len(answered), len(answered_before) or None, language
            ),
            _compare(
                "first_median",
                _("Median first response (hours)"),
                median(answered),
                median(answered_before),
                language,
            ),
            _compare(
                "first_p90",
                _("90th percentile first response (hours)"),
                p90(answered),
                p90(answered_before),
                language,
            ),
        ],
    )


# --- the whole review --------------------------------------------------------------------------------


def scope_label(organisation: Organisation, entity: Entity | None) -> str:
    return entity.name if entity is not None else organisation.name


def review_build(
    *,
    organisation: Organisation,
    entity: Entity | None,
    start: date,
    end: date,
    language: str,
    progress: Progress | None = None,
) -> ReviewDocument:
    """Read every section of the review in `language`; `progress(percent, step)` after each (0–80)."""
    report = progress or (lambda percent, step: None)
    period = Period(start, end)
    with translation.override(language):
        report(5, _("Reading the programme's figures"))
        overview = overview_get(organisation=organisation, period=period, entity=entity, names_allowed=False)
        sections: list[Section | None] = []
        steps: list[tuple[str, Callable[[], Section | None]]] = [
            (_("Participation and adoption"), lambda: section_participation(overview, language)),
            (_("Coverage by department"), lambda: section_coverage(overview, language)),
            (_("Followers and reach"), lambda: section_followers(overview, language)),
            (_("Traffic to the career sites"), lambda: section_traffic(overview, language)),
            (
                _("Applications, introductions and hires by source"),
                lambda: section_sources(overview, language),
            ),
            (
                _("Training impact"),
                lambda: section_training(
                    organisation=organisation, period=period, entity=entity, language=language
                ),
            ),
            (
                _("Listening themes"),
                lambda: section_listening(
                    organisation=organisation, period=period, language=language, entity=entity
                ),
            ),
            (
                _("Inbox response times"),
                lambda: section_inbox(
                    organisation=organisation, entity=entity, period=period, language=language
                ),
            ),
        ]
        for index, (label, build) in enumerate(steps):
            report(15 + round(60 * index / len(steps)), label)
            sections.append(build())
        report(75, _("Figures read"))
        return ReviewDocument(
            title=_("Review of the ambassador programme"),
            organisation=organisation.name,
            scope=scope_label(organisation, entity),
            language=language,
            period=period,
            period_label=period_label(period, language),
            previous_label=period_label(period.previous(), language),
            generated_at=_day(
                timezone.localtime(timezone.now(), organisation_zone(organisation)).date(), language
            ),
            sections=[section for section in sections if section is not None],
        )
