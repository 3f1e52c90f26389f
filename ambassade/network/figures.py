"""The programme's network figures, computed in the background and stored (`NetworkFigures`).

The pass over the hashes (a million rows for 2,000 ambassadors × 500 connections) takes seconds: it is
made by a task after each upload or deletion, never while a page waits. One row per scope (the
organisation; a manager's department subtree) keeps the last result, its time and a signature of what it
was computed from. The page shows the last figures with their time; when the uploads or the grouping have
changed since, it shows them as "being updated" and asks for a new pass; when there are none yet, a
progress bar.

Debounce: one computation at a time per scope. A request bumps the row's `requested` counter and enqueues
the task; a task that cannot claim the row (another one is running) returns at once; the running one, when
done, starts again if requests came in meanwhile. A burst of uploads thus costs at most two passes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from ambassade.core.tasks import task
from ambassade.network.models import NetworkFigures
from ambassade.orgs.models import Organisation

if TYPE_CHECKING:
    from ambassade.network.selectors import Uploads, _Overlap, _Scope

# A computation that has not finished after this long is taken to have died (a restarted worker).
CLAIM_EXPIRES = timedelta(minutes=30)


def figures_request(*, organisation_id: int, scopes: Iterable[str] | None = None) -> None:
    """Ask for the figures of these scopes (by default: the organisation and every scope already stored)
    to be computed again, in the background after the current transaction commits."""
    wanted = _bump(organisation_id, scopes)
    # One task for several scopes (the organisation and the managers' subtrees), computed one after the
    # other, rather than as many passes at once.
    network_figures_compute.enqueue(
        organisation_id=organisation_id, scope=wanted[0] if len(wanted) == 1 else None
    )


def figures_compute_now(*, organisation_id: int, scope: str = "") -> None:
    """Compute one scope's figures in this thread (the demo, the bench, a command)."""
    _bump(organisation_id, [scope])
    network_figures_compute(organisation_id=organisation_id, scope=scope)


def _bump(organisation_id: int, scopes: Iterable[str] | None) -> list[str]:
    wanted = set(scopes) if scopes is not None else {""}
    if scopes is None:
        wanted |= set(
            NetworkFigures.objects.filter(organisation_id=organisation_id).values_list("scope", flat=True)
        )
    for scope in sorted(wanted):
        NetworkFigures.objects.get_or_create(organisation_id=organisation_id, scope=scope)
    NetworkFigures.objects.filter(organisation_id=organisation_id, scope__in=wanted).update(
        requested=F("requested") + 1
    )
    return sorted(wanted)


def _claim(row_id: int) -> bool:
    now = timezone.now()
    return bool(
        NetworkFigures.objects.filter(pk=row_id)
        .filter(Q(computing_since__isnull=True) | Q(computing_since__lt=now - CLAIM_EXPIRES))
        .update(computing_since=now, progress=0)
    )


class _Progress:
    """Writes the percentage done every 5 % (read by the page's progress bar)."""

    def __init__(self, row_id: int) -> None:
        self.row_id = row_id
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        percent = min(99, 100 * done // max(1, total))
        if percent >= self.shown + 5:
            self.shown = percent
            NetworkFigures.objects.filter(pk=self.row_id).update(progress=percent)


@task
def network_figures_compute(*, organisation_id: int, scope: str | None = "") -> None:
    """The pass over one scope's hashes (`scope` None: every scope of the organisation with a request not
    answered yet, the organisation first), stored. Idempotent; see the module's docstring for the debounce."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return
    if scope is not None:
        _compute(organisation, scope)
        return
    for key in (
        NetworkFigures.objects.filter(organisation=organisation, requested__gt=F("computed_generation"))
        .order_by("scope")
        .values_list("scope", flat=True)
    ):
        _compute(organisation, key)


def _compute(organisation: Organisation, scope: str) -> None:
    from ambassade.network.selectors import figures_data

    row, _created = NetworkFigures.objects.get_or_create(organisation=organisation, scope=scope)
    while _claim(row.pk):
        generation, done = (
            NetworkFigures.objects.filter(pk=row.pk).values_list("requested", "computed_generation").get()
        )
        if done >= generation:  # an earlier run already answered every request (debounce)
            NetworkFigures.objects.filter(pk=row.pk).update(computing_since=None)
            return
        try:
            signature, data = figures_data(organisation=organisation, key=scope, progress=_Progress(row.pk))
        except BaseException:
            NetworkFigures.objects.filter(pk=row.pk).update(computing_since=None, progress=0)
            raise
        NetworkFigures.objects.filter(pk=row.pk).update(
            signature=signature,
            data=data,
            computed_generation=generation,
            computed_at=timezone.now(),
            computing_since=None,
            progress=100,
        )
        if not NetworkFigures.objects.filter(pk=row.pk, requested__gt=generation).exists():
            return


@dataclass
class PageFigures:
    overlap: _Overlap
    state: str  # "ready", "updating", "computing"
    computed_at: datetime | None = None
    progress: int = 0


def figures_for_page(*, scope: _Scope, signature: str, uploads: Uploads) -> PageFigures:
    """The stored figures of this scope for a page, asking for a new pass when they are missing or were
    computed from other uploads or another grouping. With TASKS_MODE=sync (tests, commands) the pass is
    made at once."""
    from ambassade.network.selectors import _Overlap, scope_key

    key = scope_key(scope)
    if not uploads:
        return PageFigures(_Overlap(), "ready")
    row = NetworkFigures.objects.filter(organisation=scope.organisation, scope=key).first()
    current = row is not None and row.computed_at is not None and row.signature == signature
    if not current:
        since = row.computing_since if row is not None else None
        waiting = since is not None and since > timezone.now() - CLAIM_EXPIRES
        if settings.TASKS_MODE == "sync":
            figures_compute_now(organisation_id=scope.organisation.pk, scope=key)
            row = NetworkFigures.objects.get(organisation=scope.organisation, scope=key)
        elif not waiting:
            figures_request(organisation_id=scope.organisation.pk, scopes=[key])
            row = NetworkFigures.objects.get(organisation=scope.organisation, scope=key)
    if row is None or row.computed_at is None:
        return PageFigures(_Overlap(), "computing", None, row.progress if row else 0)
    state = "ready" if row.signature == signature else "updating"
    return PageFigures(_Overlap.from_data(row.data), state, row.computed_at, row.progress)


def figures_progress(*, scope: _Scope) -> tuple[bool, int]:
    """(still computing, percent) of a scope's figures, for the progress bar."""
    from ambassade.network.selectors import scope_key

    row = NetworkFigures.objects.filter(organisation=scope.organisation, scope=scope_key(scope)).first()
    if row is None:
        return False, 0
    running = row.computing_since is not None or row.requested > row.computed_generation
    return running, row.progress
