"""Reading the overview's request parameters (screen, exports and API share them)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ambassade.ambassadors.selectors import is_programme_admin
from ambassade.analytics import selectors
from ambassade.analytics.models import PageFollowerCount
from ambassade.analytics.overview import Overview, PeriodError, period_parse
from ambassade.orgs.models import Entity, Membership, organisation_zone


class ParameterError(ValueError):
    """A bad request parameter; `parameter` names it."""

    def __init__(self, parameter: str, message: Any) -> None:
        super().__init__(str(message))
        self.parameter = parameter
        self.message = str(message)


def member_today(membership: Membership) -> date:
    return timezone.localdate(timezone=organisation_zone(membership.organisation))


def entity_param(membership: Membership, params: Any) -> Entity | None:
    raw = (params.get("entity") or "").strip()
    if not raw:
        return None
    if not is_programme_admin(membership):
        raise ParameterError("entity", _("The parameter “entity” is for programme administrators only."))
    try:
        return selectors.entity_get_for_member(membership=membership, pk=int(raw))
    except (ValueError, Http404):
        raise ParameterError(
            "entity", _("The parameter “entity” must be the number of one of your entities.")
        ) from None


def overview_from_params(membership: Membership, params: Any) -> Overview:
    """The member's overview for `?from=&to=[&period=][&entity=]`; raises ParameterError or
    PermissionDenied."""
    try:
        period = period_parse(params, today=member_today(membership))
    except PeriodError as error:
        raise ParameterError(error.parameter, error.message) from None
    entity = entity_param(membership, params)
    return _cached(membership, period, entity)


CACHE_SECONDS = 120


def _cached(membership: Membership, period: Any, entity: Entity | None) -> Overview:
    """The overview, kept a couple of minutes: a page and its exports (one request per chart) compute it
    once. The rollups change hourly; a page figure entered, imported or deleted changes the key at once
    (the last change and the number of rows are part of it), and so does a manager's department."""
    pages = PageFollowerCount.objects.filter(organisation=membership.organisation).aggregate(
        last=Max("updated_at"), count=Count("pk")
    )
    key = ":".join(
        str(part)
        for part in (
            "analytics-overview",
            membership.pk,
            membership.role,
            membership.organisation_id,
            getattr(membership.managed_department, "pk", ""),
            entity.pk if entity else "",
            period.start,
            period.end,
            translation.get_language(),
            pages["last"].timestamp() if pages["last"] else "",
            pages["count"],
        )
    )
    found = cache.get(key)
    if isinstance(found, Overview):
        return found
    overview = selectors.overview_for_membership(membership=membership, period=period, entity=entity)
    cache.set(key, overview, CACHE_SECONDS)
    return overview
