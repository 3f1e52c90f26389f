"""iCalendar invitations for training sessions (RFC 5545, built with the icalendar library).

One VEVENT per session, with a UID that never changes and SEQUENCE = `ics_sequence`, so that calendar
programs update the event they already hold when the date, place or link changes, and remove it on
METHOD:CANCEL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from ambassade.orgs.models import Person
from ambassade.training.models import TrainingSession

PRODID = "-//ambassade//training//EN"


def session_uid(session: TrainingSession) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "ambassade"
    return f"training-session-{session.pk}@{host}"


def session_url(session: TrainingSession) -> str:
    return settings.SITE_URL + reverse("training_mine") + f"#session-{session.pk}"


def _organiser_address() -> str:
    sender = settings.DEFAULT_FROM_EMAIL
    if "<" in sender:
        sender = sender.split("<", 1)[1].rstrip(">")
    return sender.strip()


def session_calendar(
    *, session: TrainingSession, person: Person | None = None, method: str = "REQUEST"
) -> bytes:
    """A VCALENDAR with the session's VEVENT; `method` REQUEST (invitation, update) or CANCEL."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    calendar.add("calscale", "GREGORIAN")
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", datetime.now(UTC).replace(microsecond=0))
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("summary", session.title)
    location = session.place or session.online_url
    if location:
        event.add("location", location)
    event.add("url", session.online_url or session_url(session))
    description = [session.description.strip()] if session.description.strip() else []
    if session.online_url:
        description.append(session.online_url)
    if session.trainer:
        description.append(session.trainer)
    description.append(session_url(session))
    event.add("description", "\n\n".join(description))
    event.add("sequence", session.ics_sequence)
    cancelled = method == "CANCEL" or session.cancelled_at is not None
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organiser = vCalAddress(f"mailto:{_organiser_address()}")
    organiser.params["cn"] = vText(session.organisation.name)
    event.add("organizer", organiser)
    if person is not None and person.email:
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = vText(person.full_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("ACCEPTED")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee, encode=False)
    event.add("last-modified", timezone.now().astimezone(UTC).replace(microsecond=0))
    calendar.add_component(event)
    return calendar.to_ical()


def ics_filename(session: TrainingSession) -> str:
    return f"training-{session.pk}.ics"
