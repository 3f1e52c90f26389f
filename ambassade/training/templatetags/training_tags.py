"""Template helpers of training: a session's date and times in its organisation's time zone."""

from __future__ import annotations

from django import template
from django.utils import formats, timezone

from ambassade.orgs.models import organisation_zone
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
