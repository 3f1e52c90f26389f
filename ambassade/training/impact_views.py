"""The measured-impact screens of a training session or track, for programme admins (HR admins and
communication officers).

Managers get 403: the comparison group reaches across departments (same audience and entity), so the
figures cannot be restricted to a manager's subtree in aggregate without changing what is measured
(docs/training-impact.md, "Who sees it").
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext as _

from ambassade.orgs.models import Membership
from ambassade.orgs.permissions import roles_required
from ambassade.orgs.roles import Role
from ambassade.training.impact_data import (
    HEADLINE,
    METRIC_LABELS,
    METRICS,
    ImpactResult,
    impact_for_session,
    impact_for_track,
)
from ambassade.training.models import Track, TrainingSession

impact_required = roles_required(Role.HR_ADMIN, Role.COMMS)


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _page(request: HttpRequest, result: ImpactResult, context: dict[str, Any]) -> HttpResponse:
    metric = request.GET.get("metric", HEADLINE)
    error = None
    if metric not in METRICS:
        error = _("Unknown metric “%(value)s” (parameter “metric”): choose one of %(choices)s.") % {
            "value": metric,
            "choices": ", ".join(METRICS),
        }
        metric = HEADLINE
    weekly = result.weekly
    chart = {
        "weeks": weekly.get("weeks", []),
        "participants": weekly.get(f"{metric}_participants", []),
        "comparison": weekly.get(f"{metric}_comparison", []),
        "labels": {
            "participants": _("Participants"),
            "comparison": _("Comparable colleagues not yet trained"),
            "week": _("Weeks from the training"),
            "training": _("Training"),
            "metric": str(METRIC_LABELS[metric]),
        },
    }
    rows = list(zip(chart["weeks"], chart["participants"], chart["comparison"], strict=False))
    return render(
        request,
        "training/impact.html",
        {
            **context,
            "result": result,
            "metric": metric,
            "metric_label": METRIC_LABELS[metric],
            "metric_choices": [(key, METRIC_LABELS[key]) for key in METRICS],
            "chart": chart,
            "rows": rows,
            "error": error,
        },
        status=400 if error else 200,
    )


@impact_required
def training_impact_session(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(
        TrainingSession.objects.select_related("organisation", "track__programme"),
        pk=pk,
        organisation=_membership(request).organisation,
    )
    result = impact_for_session(session=session, language=translation.get_language() or "fr")
    return _page(request, result, {"session": session, "track": session.track})


@impact_required
def training_impact_track(request: HttpRequest, pk: int) -> HttpResponse:
    track = get_object_or_404(
        Track.objects.select_related("programme__organisation"),
        pk=pk,
        programme__organisation=_membership(request).organisation,
    )
    result = impact_for_track(track=track, language=translation.get_language() or "fr")
    return _page(request, result, {"track": track})
