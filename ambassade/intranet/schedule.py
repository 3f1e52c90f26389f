"""When a digest is due, in its organisation's time zone.

A weekly digest is published on its weekday at its hour (local time) and covers the seven local days
before that day; a monthly digest is published on the first such weekday of a month and covers the
previous calendar month. Moments are built from local dates and hours, so a change of daylight saving
time moves nothing: an hour that does not exist that night (02:00 in March in Paris) is read as the
moment the clocks jump to, an hour that happens twice (02:00 in October) as its first occurrence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ambassade.intranet.models import Digest
from ambassade.orgs.models import organisation_zone


@dataclass(frozen=True)
class Slot:
    """One publication: the moment it is due and the local dates it covers (inclusive)."""

    due_at: datetime
    start: date
    end: date


def _moment(digest: Digest, day: date) -> datetime:
    zone = organisation_zone(digest.organisation)
    return datetime.combine(day, time(hour=digest.hour), tzinfo=zone)


def _first_weekday(year: int, month: int, weekday: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7)


def _previous_month(day: date) -> tuple[int, int]:
    return (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)


def _slot_for_day(digest: Digest, day: date) -> Slot:
    if digest.frequency == Digest.Frequency.MONTHLY:
        year, month = _previous_month(day)
        start = date(year, month, 1)
        return Slot(_moment(digest, day), start, date(day.year, day.month, 1) - timedelta(days=1))
    return Slot(_moment(digest, day), day - timedelta(days=7), day - timedelta(days=1))


def last_slot(digest: Digest, now: datetime) -> Slot:
    """The most recent publication moment at or before `now`."""
    today = now.astimezone(organisation_zone(digest.organisation)).date()
    if digest.frequency == Digest.Frequency.MONTHLY:
        day = _first_weekday(today.year, today.month, digest.weekday)
        if day > today or _moment(digest, day) > now:
            year, month = _previous_month(today)
            day = _first_weekday(year, month, digest.weekday)
        return _slot_for_day(digest, day)
    day = today - timedelta(days=(today.weekday() - digest.weekday) % 7)
    if _moment(digest, day) > now:
        day -= timedelta(days=7)
    return _slot_for_day(digest, day)


def next_slot(digest: Digest, now: datetime) -> Slot:
    """The next publication moment after `now`."""
    current = last_slot(digest, now)
    day = current.due_at.astimezone(organisation_zone(digest.organisation)).date()
    if digest.frequency == Digest.Frequency.MONTHLY:
        year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
        return _slot_for_day(digest, _first_weekday(year, month, digest.weekday))
    return _slot_for_day(digest, day + timedelta(days=7))


def current_period(digest: Digest, now: datetime) -> tuple[date, date]:
    """The period running now ("publish now" and the preview): from the end of the last scheduled
    period to today."""
    today = now.astimezone(organisation_zone(digest.organisation)).date()
    return last_slot(digest, now).end + timedelta(days=1), today


def period_bounds(digest: Digest, start: date, end: date) -> tuple[datetime, datetime]:
    """The period as aware datetimes: local midnight of `start` to local midnight after `end`."""
    zone = organisation_zone(digest.organisation)
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )
