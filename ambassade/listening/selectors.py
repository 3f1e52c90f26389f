"""Reads of the listening app, for HR admins and communication officers of the organisation.

Another role is refused (PermissionDenied, a 403); an object of another organisation is a 404.
Duplicates (same or nearly the same text as an earlier mention) stay out of the stream and the charts,
but count for the venues and authors where they were posted.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncDay, TruncMonth, TruncWeek
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ambassade.listening import nlp
from ambassade.listening.models import (
    Alert,
    LabelCorrection,
    Mention,
    MentionTheme,
    ScoreSnapshot,
    Source,
    Theme,
)
from ambassade.listening.query import QueryError, query_parse
from ambassade.orgs.models import Membership
from ambassade.orgs.roles import Role

LISTENING_ROLES = frozenset({Role.HR_ADMIN, Role.COMMS})
STREAM_PARAMETERS = (
    "source",
    "venue",
    "platform",
    "lang",
    "sentiment",
    "intent",
    "theme",
    "since",
    "until",
    "q",
    "question",
    "duplicates",
)
DAY_MIN, DAY_MAX = date(1900, 1, 1), date(2999, 12, 31)
BUCKETS = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}


def listening_allowed(membership: Membership | None) -> bool:
    return membership is not None and membership.role in LISTENING_ROLES


def _require(membership: Membership) -> None:
    if not listening_allowed(membership):
        raise PermissionDenied(_("Only HR admins and communication officers can use listening."))


def _get_or_404(queryset: QuerySet[Any], pk: object) -> Any:
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


# --- sources and mentions ---------------------------------------------------------------------------


def source_list(*, membership: Membership) -> QuerySet[Source]:
    _require(membership)
    return Source.objects.filter(organisation=membership.organisation).order_by("name", "pk")


def source_get_for_user(*, membership: Membership, pk: object) -> Source:
    return _get_or_404(source_list(membership=membership), pk)


def mentions_of(*, membership: Membership) -> QuerySet[Mention]:
    _require(membership)
    return Mention.objects.filter(organisation=membership.organisation)


def mention_get_for_user(*, membership: Membership, pk: object) -> Mention:
    return _get_or_404(mentions_of(membership=membership).select_related("source", "duplicate_of"), pk)


def theme_list(*, membership: Membership, active: bool | None = None) -> QuerySet[Theme]:
    _require(membership)
    themes = Theme.objects.filter(organisation=membership.organisation)
    return themes if active is None else themes.filter(active=active)


def theme_get_for_user(*, membership: Membership, pk: object) -> Theme:
    return _get_or_404(theme_list(membership=membership), pk)


def _invalid(parameter: str, message: str) -> ValidationError:
    return ValidationError({parameter: message})


def _choice(parameter: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        return _raise(
            _invalid(parameter, _("Choose one of: %(expected)s.") % {"expected": ", ".join(choices)})
        )
    return value


def _raise(error: Exception) -> Any:
    raise error


def parse_day(parameter: str, value: str) -> date:
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise _invalid(parameter, _("Enter a date as YYYY-MM-DD.")) from None
    if not DAY_MIN <= day <= DAY_MAX:  # beyond, the period's bounds overflow once made aware
        raise _invalid(
            parameter,
            _("Enter a date between %(first)s and %(last)s.")
            % {"first": DAY_MIN.isoformat(), "last": DAY_MAX.isoformat()},
        )
    return day


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def stream_filter(*, membership: Membership, params: Mapping[str, str]) -> QuerySet[Mention]:
    """The stream, newest first, filtered by the given parameters (empty ones are ignored; others are
    checked and a bad one raises a ValidationError naming it)."""
    mentions = mentions_of(membership=membership)
    values = {name: str(params.get(name) or "").strip() for name in STREAM_PARAMETERS}
    for name, value in values.items():
        if "\x00" in value:  # PostgreSQL refuses it in any string
            raise _invalid(name, _("Remove the null character from this parameter."))
    if values["duplicates"] not in ("1", "true", "yes"):
        mentions = mentions.filter(duplicate_of=None)
    if values["source"]:
        source = source_list(membership=membership).filter(pk=_int("source", values["source"])).first()
        if source is None:
            raise _invalid("source", _("No source of your organisation has this id."))
        mentions = mentions.filter(source=source)
    if values["venue"]:
        mentions = mentions.filter(venue__iexact=values["venue"][:200])
    if values["platform"]:
        mentions = mentions.filter(platform__iexact=values["platform"][:30])
    if values["lang"]:
        if not values["lang"].isalpha() or len(values["lang"]) > 8:
            raise _invalid("lang", _("Enter a language code such as fr or en."))
        mentions = mentions.filter(lang=values["lang"].lower())
    if values["sentiment"]:
        mentions = mentions.filter(sentiment=_choice("sentiment", values["sentiment"], nlp.SENTIMENTS))
    if values["intent"]:
        mentions = mentions.filter(intent=_choice("intent", values["intent"], nlp.INTENTS))
    if values["question"]:
        mentions = mentions.filter(is_question=_choice("question", values["question"], ("0", "1")) == "1")
    if values["theme"]:
        theme = theme_list(membership=membership).filter(slug=values["theme"]).first()
        if theme is None:
            raise _invalid("theme", _("No theme has the code “%(slug)s”.") % {"slug": values["theme"][:60]})
        mentions = mentions.filter(mention_themes__theme=theme)
    mentions = _period(mentions, values["since"], values["until"])
    if values["q"]:
        mentions = _query(mentions, values["q"])
    return with_themes(mentions.select_related("source")).order_by("-published_at", "-pk")


def with_themes(mentions: QuerySet[Mention]) -> QuerySet[Mention]:
    """Mentions with their theme links (best first) and themes, loaded in one more query."""
    links = MentionTheme.objects.select_related("theme").order_by("-score", "pk")
    return mentions.prefetch_related(Prefetch("mention_themes", queryset=links))


def _int(parameter: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise _invalid(parameter, _("Enter a whole number.")) from None


def _period(mentions: QuerySet[Mention], since: str, until: str) -> QuerySet[Mention]:
    first = parse_day("since", since) if since else None
    last = parse_day("until", until) if until else None
    if first and last and first > last:
        raise _invalid("until", _("The end of the period is before its start."))
    if first:
        mentions = mentions.filter(published_at__gte=day_start(first))
    if last:
        mentions = mentions.filter(published_at__lt=day_start(last + timedelta(days=1)))
    return mentions


def _query(mentions: QuerySet[Mention], text: str) -> QuerySet[Mention]:
    try:
        query = query_parse(text)
    except QueryError as error:
        raise ValidationError({"q": error.messages}) from error
    return mentions.filter(query.to_q("text_search"))  # exact on the normalised text (query.py)


# --- charts -----------------------------------------------------------------------------------------


def _window(membership: Membership, since: date | datetime, until: date | datetime) -> QuerySet[Mention]:
    start = since if isinstance(since, datetime) else day_start(since)
    end = until if isinstance(until, datetime) else day_start(until + timedelta(days=1))
    return mentions_of(membership=membership).filter(published_at__gte=start, published_at__lt=end)


def net_sentiment(positive: int, negative: int) -> float | None:
    """(positive − negative) / (positive + negative); None when there are neither."""
    return (positive - negative) / (positive + negative) if positive + negative else None


def themes_over_time(
    *, membership: Membership, since: date | datetime, until: date | datetime, bucket: str = "week"
) -> list[dict[str, Any]]:
    """Per theme and period: mentions, positive, negative and net sentiment."""
    trunc = BUCKETS.get(bucket)
    if trunc is None:
        raise _invalid("bucket", _("Choose one of: %(expected)s.") % {"expected": ", ".join(BUCKETS)})
    mentions = _window(membership, since, until).filter(duplicate_of=None, source__competitor=False)
    rows = (
        mentions.annotate(period=trunc("published_at"), theme_id=F("mention_themes__theme"))
        .values("theme_id", "period")
        .annotate(
            count=Count("pk"),
            positive=Count("pk", filter=Q(sentiment="positive")),
            negative=Count("pk", filter=Q(sentiment="negative")),
        )
        .order_by("period", "theme_id")
    )
    themes = {theme.pk: theme for theme in theme_list(membership=membership)}
    return [
        {
            "theme": themes[row["theme_id"]].slug,
            "name": themes[row["theme_id"]].name,
            "period": row["period"].date() if isinstance(row["period"], datetime) else row["period"],
            "count": row["count"],
            "positive": row["positive"],
            "negative": row["negative"],
            "net": net_sentiment(row["positive"], row["negative"]),
        }
        for row in rows
        if row["theme_id"] in themes
    ]


def venues_ranked(
    *, membership: Membership, since: date | datetime, until: date | datetime, limit: int = 20
) -> list[dict[str, Any]]:
    """The places where the organisation is discussed (competitors' sources aside), by volume, with their
    reach added up."""
    rows = (
        _window(membership, since, until)
        .filter(source__competitor=False)
        .values("platform", "venue")
        .annotate(count=Count("pk"), reach=Sum("reach"))
        .order_by("-count", "-reach", "venue")[:limit]
    )
    return [{**row, "reach": row["reach"] or 0} for row in rows]


def authors_top(
    *, membership: Membership, since: date | datetime, until: date | datetime, limit: int = 20
) -> list[dict[str, Any]]:
    """Who talks most about the organisation (authors with a name or handle)."""
    rows = (
        _window(membership, since, until)
        .filter(source__competitor=False)
        .exclude(author_name="", author_handle="")
        .values("author_name", "author_handle", "platform")
        .annotate(
            count=Count("pk"),
            reach=Sum("reach"),
            negative=Count("pk", filter=Q(sentiment="negative")),
            positive=Count("pk", filter=Q(sentiment="positive")),
        )
        .order_by("-count", "-reach", "author_name")[:limit]
    )
    return [{**row, "reach": row["reach"] or 0} for row in rows]


def share_of_voice(
    *, membership: Membership, since: date | datetime, until: date | datetime
) -> list[dict[str, Any]]:
    """Our mentions against those of the competitors' sources, each with its share of the total."""
    mentions = _window(membership, since, until).filter(duplicate_of=None)
    ours = mentions.filter(source__competitor=False).count()
    rows: list[dict[str, Any]] = [{"name": membership.organisation.name, "count": ours, "competitor": False}]
    others = (
        mentions.filter(source__competitor=True)
        .values("source__competitor_name")
        .annotate(count=Count("pk"))
        .order_by("-count", "source__competitor_name")
    )
    rows += [
        {"name": row["source__competitor_name"], "count": row["count"], "competitor": True} for row in others
    ]
    total = sum(row["count"] for row in rows)
    return [{**row, "share": row["count"] / total if total else 0.0} for row in rows]


def volume_series(
    *, membership: Membership, since: date | datetime, until: date | datetime
) -> list[dict[str, Any]]:
    """Per day of the period (days without mentions included): mentions, negative and positive ones."""
    mentions = _window(membership, since, until).filter(duplicate_of=None, source__competitor=False)
    rows = {
        row["day"]: row
        for row in mentions.annotate(day=TruncDate("published_at"))
        .values("day")
        .annotate(
            count=Count("pk"),
            negative=Count("pk", filter=Q(sentiment="negative")),
            positive=Count("pk", filter=Q(sentiment="positive")),
        )
    }
    first = since.date() if isinstance(since, datetime) else since
    last = until.date() if isinstance(until, datetime) else until
    days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    empty = {"count": 0, "negative": 0, "positive": 0}
    return [{"day": day, **{key: rows.get(day, empty)[key] for key in empty}} for day in days]


# --- alerts and scores ------------------------------------------------------------------------------


def alert_list(*, membership: Membership, unseen_only: bool = False) -> QuerySet[Alert]:
    _require(membership)
    alerts = Alert.objects.filter(organisation=membership.organisation).select_related("theme")
    return alerts.filter(seen_at=None) if unseen_only else alerts


def alert_get_for_user(*, membership: Membership, pk: object) -> Alert:
    return _get_or_404(alert_list(membership=membership), pk)


def gold_scores_history(*, membership: Membership, task: str) -> list[ScoreSnapshot]:
    _require(membership)
    return list(
        ScoreSnapshot.objects.filter(organisation=membership.organisation, task=task).order_by(
            "created_at", "pk"
        )
    )


def label_corrections(*, membership: Membership) -> QuerySet[LabelCorrection]:
    """The organisation's gold set, newest first."""
    _require(membership)
    return (
        LabelCorrection.objects.filter(organisation=membership.organisation)
        .select_related("corrected_by")
        .order_by("-created_at", "-pk")
    )
