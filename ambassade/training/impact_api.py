"""The training impact endpoint of the JSON API.

`GET /training/impact/{id}/`: the measured impact of a session (default) or, with `?kind=track`, of a
track: the estimate per metric with its 95 % interval, the groups' sizes, the ratio when meaningful, the
plain sentence in the caller's language, or the reason there is no estimate. For programme admins (HR
admins, communication officers); other roles get 403, another organisation's session or track 404.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from ambassade.api.auth import request_membership
from ambassade.api.schemas import Id
from ambassade.orgs.models import Membership
from ambassade.orgs.roles import Role
from ambassade.training.impact_data import ImpactResult, impact_for_session, impact_for_track
from ambassade.training.models import Track, TrainingSession

router = Router(tags=["training"])

MetricName = Literal["shares", "human_clicks", "checklist", "followers"]


class ImpactQuery(Schema):
    kind: Literal["session", "track"] = Field(
        "session", description="Whether `id` names a session or a track."
    )


class MetricOut(Schema):
    metric: MetricName
    label: str
    effect: float | None = Field(
        description="Per participant and week: the participants' change minus the comparison group's change."
    )
    low: float | None = Field(description="Lower bound of the 95 % bootstrap interval of the effect.")
    high: float | None = Field(description="Upper bound of the 95 % bootstrap interval of the effect.")
    significant: bool = Field(description="The interval excludes 0.")
    ratio: float | None = Field(
        description="Participants' after/before relative to the comparison group's; null when a baseline is "
        "about zero."
    )
    ratio_low: float | None
    ratio_high: float | None
    treated_before: float | None = Field(
        description="Weekly mean of the participants before; null when a group has fewer than 5 people."
    )
    treated_after: float | None
    control_before: float | None
    control_after: float | None
    reason: str | None = Field(description="Why this metric has no estimate, if so.")


class ImpactOut(Schema):
    kind: Literal["session", "track"]
    id: int
    subject: str
    training_date: date | None = Field(
        description="The session's date (a track: its first session attended)."
    )
    weeks_after: int = Field(description="Full weeks after the training used (at most 8).")
    participants: int = Field(description="Participants compared (enrolled ambassadors recorded present).")
    comparison: int = Field(description="Comparable colleagues not yet trained.")
    estimate: MetricOut | None = Field(description="The headline metric (shares per week), if estimated.")
    metrics: list[MetricOut]
    reason: str | None = Field(description="Why there is no estimate (too early, too few, too unlike).")
    sentence: str
    notes: list[str]
    weekly: dict[str, list[Any]] = Field(
        description="Weeks relative to the training and, per metric, the weekly means of both groups."
    )


def _membership(request: HttpRequest) -> Membership:
    membership = request_membership(request)
    if membership.role not in (Role.HR_ADMIN, Role.COMMS):
        raise HttpError(403, _("Training impact is for HR admins and communication officers."))
    return membership


def _out(result: ImpactResult) -> dict[str, Any]:
    metrics = [vars(metric) for metric in result.metrics]
    headline = next((m for m in metrics if m["metric"] == "shares" and m["effect"] is not None), None)
    return {
        "kind": result.kind,
        "id": result.pk,
        "subject": result.subject,
        "training_date": result.training_date,
        "weeks_after": result.weeks_after,
        "participants": result.treated_n,
        "comparison": result.control_n,
        "estimate": headline,
        "metrics": metrics,
        "reason": result.reason,
        "sentence": result.sentence,
        "notes": result.notes,
        "weekly": result.weekly,
    }


@router.get(
    "/training/impact/{id}/",
    response=ImpactOut,
    summary="Measured impact of a training",
    description="Difference in differences of participants against comparable colleagues not yet trained, "
    "with a 95 % bootstrap interval, or the reason there is no estimate. `id` is a session's, or a track's "
    "with `kind=track`.",
)
def training_impact_get(request: HttpRequest, id: Id, query: Query[ImpactQuery]) -> dict[str, Any]:  # noqa: A002
    membership = _membership(request)
    language = translation.get_language() or "fr"
    if query.kind == "track":
        track = (
            Track.objects.select_related("programme__organisation")
            .filter(pk=id, programme__organisation=membership.organisation)
            .first()
        )
        if track is None:
            raise Http404
        return _out(impact_for_track(track=track, language=language))
    session = (
        TrainingSession.objects.select_related("organisation")
        .filter(pk=id, organisation=membership.organisation)
        .first()
    )
    if session is None:
        raise Http404
    return _out(impact_for_session(session=session, language=language))
