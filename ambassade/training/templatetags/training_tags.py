"""Template helpers of training: dates and times in the organisation's time zone."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import formats, timezone

from ambassade.orgs.models import Organisation, organisation_zone
from ambassade.training.models import TrainingSession

register = template.Library()


@register.filter
def session_when(session: TrainingSession) -> str:
    zone = organisation_zone(session.organisation)
    starts = timezone.localtime(session.starts_at, zone)
    ends = timezone.localtime(session.ends_at, zone)
    day = formats.date_format(starts, "DATE_FORMAT")
    start_time = formats.time_format(starts, "TIME_FORMAT")
    end_time = formats.time_format(ends, "TIME_FORMAT")
    if ends.date() != starts.date():
        return f"{day}, {start_time} – {formats.date_format(ends, 'DATE_FORMAT')}, {end_time}"
    return f"{day}, {start_time}–{end_time}"


@register.filter
def org_datetime(moment: datetime | None, organisation: Organisation) -> str:
    """A moment (e.g. when a wave is sent) in the organisation's time zone, short format."""
    if moment is None:
        return ""
    return formats.date_format(
        timezone.localtime(moment, organisation_zone(organisation)), "SHORT_DATETIME_FORMAT"
    )
