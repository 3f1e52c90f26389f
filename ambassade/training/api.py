"""The training endpoints of the JSON API.

`GET /training/sessions/`: sessions by start time, filtered by `from` and `to` (dates, inclusive, in the
organisation's time zone), `programme` and `track` (ids). Programme admins (HR admins, comms) see every
session with its counts (capacity, registered, waiting, present); other members see the sessions open to
them (or that they registered for) with their own registration status. `GET /training/sessions/{id}`:
one of them. Another organisation's session, or one not open to the member, is a 404.
"""

from datetime import date, datetime, timedelta
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from ambassade.api.auth import request_membership
from ambassade.api.errors import invalid_parameter
from ambassade.api.pagination import ApiPagination
from ambassade.api.schemas import MAX_ID, Id
from ambassade.orgs.models import Membership, organisation_zone
from ambassade.training import selectors
from ambassade.training.models import Registration, Track, TrainingProgramme, TrainingSession

router = Router(tags=["training"])

KindName = Literal["workshop", "conference", "photo", "webinar", "elearning"]


class CountsOut(Schema):
    capacity: int | None = Field(description="Seats; null: no limit.")
    registered: int
    waiting: int
    present: int


class SessionOut(Schema):
    id: int
    programme: int
    programme_name: str
    track: int
    track_name: str
    kind: KindName
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    place: str
    online_url: str
    capacity: int | None
    trainer: str
    cancelled: bool
    counts: CountsOut | None = Field(
        None, description="For programme admins (HR admins, communication officers) only."
    )
    my_status: Literal["registered", "waiting", "cancelled"] | None = Field(
        None, description="The caller's own registration, if any."
    )
    my_waiting_position: int | None = Field(None, description="The caller's place on the waiting list.")
    my_attendance: Literal["present", "absent"] | None = None


class SessionQuery(Schema):
    from_: date | None = Field(None, alias="from", description="Sessions starting on or after this day.")
    to: date | None = Field(None, description="Sessions starting on or before this day.")
    programme: int | None = Field(None, ge=1, le=MAX_ID, description="Only this programme's sessions.")
    track: int | None = Field(None, ge=1, le=MAX_ID, description="Only this track's sessions.")


def _out(session: TrainingSession, membership: Membership, registrations: dict[int, Registration]) -> dict:
    track = session.track
    counts = None
    if selectors.is_training_admin(membership):
        counts = {
            "capacity": session.capacity,
            "registered": getattr(session, "registered_count", 0),
            "waiting": getattr(session, "waiting_count", 0),
            "present": getattr(session, "present_count", 0),
        }
    mine = registrations.get(session.pk)
    return {
        "id": session.pk,
        "programme": track.programme_id,
        "programme_name": track.programme.name,
        "track": track.pk,
        "track_name": track.name,
        "kind": session.kind,
        "title": session.title,
        "description": session.description,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "place": session.place,
        "online_url": session.online_url,
        "capacity": session.capacity,
        "trainer": session.trainer,
        "cancelled": session.cancelled_at is not None,
        "counts": counts,
        "my_status": mine.status if mine else None,
        "my_waiting_position": selectors.waiting_position(mine) if mine else None,
        "my_attendance": (mine.attendance or None) if mine else None,
    }


def _registrations(membership: Membership, sessions: list[TrainingSession]) -> dict[int, Registration]:
    if membership.person is None:
        return {}
    found = Registration.objects.filter(person=membership.person, session__in=[s.pk for s in sessions])
    return {registration.session_id: registration for registration in found}


@router.get(
    "/training/sessions/",
    response=list[SessionOut],
    summary="Training sessions",
    description="Sessions by start time; admins see counts, members see those open to them and their "
    "own registration.",
)
@paginate(ApiPagination)
def training_session_list(request: HttpRequest, filters: Query[SessionQuery]) -> Any:
    membership = request_membership(request)
    zone = organisation_zone(membership.organisation)
    if filters.from_ and filters.to and filters.to < filters.from_:
        raise invalid_parameter(loc=["query", "to"], message=_("“to” must not come before “from”."))
    if (
        filters.programme is not None
        and not TrainingProgramme.objects.filter(
            pk=filters.programme, organisation=membership.organisation
        ).exists()
    ):
        raise invalid_parameter(
            loc=["query", "programme"], message=_("No training programme of yours has this id.")
        )
    if (
        filters.track is not None
        and not Track.objects.filter(
            pk=filters.track, programme__organisation=membership.organisation
        ).exists()
    ):
        raise invalid_parameter(loc=["query", "track"], message=_("No track of yours has this id."))
    start = datetime.combine(filters.from_, datetime.min.time(), tzinfo=zone) if filters.from_ else None
    end = (
        datetime.combine(filters.to + timedelta(days=1), datetime.min.time(), tzinfo=zone)
        if filters.to
        else None
    )
    sessions = selectors.sessions_for_api(
        membership=membership, start=start, end=end, programme=filters.programme, track=filters.track
    )
    registrations = _registrations(membership, sessions)
    return [_out(session, membership, registrations) for session in sessions]


@router.get(
    "/training/sessions/{id}",
    response=SessionOut,
    summary="A training session",
    description="One session, with counts for admins and the caller's registration.",
)
def training_session_get(request: HttpRequest, id: Id) -> dict:  # noqa: A002 (the API's name)
    membership = request_membership(request)
    session = selectors.session_get_for_member(membership=membership, pk=id)
    return _out(session, membership, _registrations(membership, [session]))
