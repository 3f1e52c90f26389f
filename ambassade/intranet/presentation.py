"""How an issue's frozen content is shown: in the reader's language, on the page, in the feeds and in
the e-mail."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ambassade.intranet.models import Digest, Issue

SUPPORTED = [code for code, _label in settings.LANGUAGES]


def reader_language(digest: Digest, requested: str | None) -> str:
    """?lang= when it is a language of the site, else the digest's first language."""
    if requested in SUPPORTED:
        return str(requested)
    return digest.language if digest.language in SUPPORTED else settings.LANGUAGE_CODE


def period_label(issue: Issue) -> str:
    start = formats.date_format(issue.period_start, "DATE_FORMAT")
    end = formats.date_format(issue.period_end, "DATE_FORMAT")
    return start if issue.period_start == issue.period_end else f"{start} – {end}"


def _moment(value: str | None, zone: ZoneInfo) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value).astimezone(zone)


def _choice_label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _pick(texts: dict[str, str], language: str) -> str:
    return texts.get(language) or next(iter(texts.values()), "")


def active_sentence(active: dict[str, Any]) -> str:
    named, others = active.get("named", []), int(active.get("others", 0))
    if not named and not others:
        return _("Nobody new this time.")
    if not named:
        return ngettext(
            "%(count)s colleague became active.", "%(count)s colleagues became active.", others
        ) % {"count": others}
    if not others:
        return ", ".join(named)
    return ngettext(
        "%(names)s and %(count)s other colleague", "%(names)s and %(count)s other colleagues", others
    ) % {"names": ", ".join(named), "count": others}


def issue_context(*, issue: Issue, language: str) -> dict[str, Any]:
    """Everything the templates need, in `language` (call inside translation.override(language))."""
    from ambassade.ambassadors.models import ContentItem
    from ambassade.training.models import TrainingSession

    content = issue.content or {}
    zone = ZoneInfo(content.get("time_zone") or settings.TIME_ZONE)
    with translation.override(language):
        conversations = content.get("conversations")
        return {
            "issue": issue,
            "digest": issue.digest,
            "language": language,
            "title": content.get("title") or issue.digest.title,
            "scope": content.get("scope", ""),
            "period_label": period_label(issue),
            "active": content.get("active", {"named": [], "others": 0, "total": 0}),
            "active_sentence": active_sentence(content.get("active", {})),
            "items": [
                {**row, "kind_label": _choice_label(ContentItem.Kind, row.get("kind", ""))}
                for row in content.get("items", [])
            ],
            "conversations": None
            if conversations is None
            else [
                {
                    **row,
                    "published": _moment(row.get("published_at"), zone),
                    "theme_names": [_pick(theme, language) for theme in row.get("themes", [])],
                }
                for row in conversations
            ],
            "offers": [
                {
                    **row,
                    "title": _pick(row.get("titles", {}), language),
                    "published": _moment(row.get("published_at"), zone),
                }
                for row in content.get("offers", [])
            ],
            "sessions": [
                {
                    **row,
                    "kind_label": _choice_label(TrainingSession.Kind, row.get("kind", "")),
                    "starts": _moment(row.get("starts_at"), zone),
                    "ends": _moment(row.get("ends_at"), zone),
                }
                for row in content.get("sessions", [])
            ],
        }


def issue_summary(context: dict[str, Any]) -> str:
    """A one-line summary for feeds."""
    active = int(context["active"].get("total", 0))
    offers, sessions = len(context["offers"]), len(context["sessions"])
    parts = [
        ngettext("%(count)s colleague became active", "%(count)s colleagues became active", active)
        % {"count": active},
        ngettext("%(count)s new job offer", "%(count)s new job offers", offers) % {"count": offers},
        ngettext("%(count)s training session ahead", "%(count)s training sessions ahead", sessions)
        % {"count": sessions},
    ]
    return " · ".join(parts)
