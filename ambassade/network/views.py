"""The network screens: an ambassador's own network (consent, upload, figures, withdrawal) and the
programme's network for admins and managers (figures, interaction graph, overlap between departments)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from ambassade.ambassadors.models import Ambassador
from ambassade.ambassadors.selectors import my_ambassador
from ambassade.network import selectors, services
from ambassade.network.connections import MAX_BYTES
from ambassade.network.forms import UploadForm
from ambassade.network.models import NetworkConsent
from ambassade.network.uploads import MemoryOnlyUploadHandler
from ambassade.orgs.models import Membership
from ambassade.orgs.permissions import member_required, roles_required
from ambassade.orgs.roles import Role

network_readers_required = roles_required(Role.HR_ADMIN, Role.COMMS, Role.MANAGER)


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _language() -> str:
    return (get_language() or "fr")[:2]


def _enrolled(request: HttpRequest) -> Ambassador | None:
    ambassador = my_ambassador(membership=_membership(request))
    return ambassador if ambassador is not None and ambassador.is_enrolled else None


def _me_context(ambassador: Ambassador, form: UploadForm | None = None) -> dict[str, Any]:
    consent = NetworkConsent.objects.filter(ambassador=ambassador).first()
    current = consent is not None and consent.text_version == services.NETWORK_CONSENT_VERSION
    return {
        "ambassador": ambassador,
        "consent": consent,
        "consent_current": current,
        "consent_version": services.NETWORK_CONSENT_VERSION,
        "form": form or UploadForm(consent_needed=not current),
        "mine": selectors.my_network(ambassador=ambassador),
        "max_megabytes": MAX_BYTES // (1024 * 1024),
        "shared_minimum": selectors.SHARED_MINIMUM,
    }


@member_required
def network_me(request: HttpRequest) -> HttpResponse:
    if _membership(request).person is None:
        return render(request, "ambassadors/programme/no_person.html")
    ambassador = _enrolled(request)
    if ambassador is None:
        return redirect("programme_join")
    return render(request, "network/me.html", _me_context(ambassador))


@csrf_exempt
def network_upload(request: HttpRequest) -> HttpResponse:
    # The contact list stays in memory: installed before anything reads the body (the CSRF check
    # below is the first to).
    request.upload_handlers = [MemoryOnlyUploadHandler(request)]
    return _network_upload(request)


@csrf_protect
@member_required
@require_POST
def _network_upload(request: HttpRequest) -> HttpResponse:
    ambassador = _enrolled(request)
    if ambassador is None:
        return redirect("network_me" if _membership(request).person is None else "programme_join")
    current = services.has_current_consent(ambassador)
    form = UploadForm(request.POST, request.FILES, consent_needed=not current)
    if form.is_valid():
        try:
            with transaction.atomic():  # a consent given with a file that fails is not kept either
                if not current:
                    services.network_consent_give(
                        actor=request.user, ambassador=ambassador, language=_language()
                    )
                snapshot = services.network_upload(
                    actor=request.user, ambassador=ambassador, data=form.cleaned_data["file"].read()
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your network is counted: %(count)s connections. The file itself was not kept.")
                % {"count": snapshot.connections},
            )
            return redirect("network_me")
    return render(request, "network/me.html", _me_context(ambassador, form), status=400)


@member_required
@require_POST
def network_withdraw(request: HttpRequest) -> HttpResponse:
    ambassador = _enrolled(request)
    if ambassador is None:
        return redirect("network_me")
    services.network_consent_withdraw(actor=request.user, ambassador=ambassador)
    messages.success(
        request, _("Your consent is withdrawn and everything kept about your network is deleted.")
    )
    return redirect("network_me")


@network_readers_required
def network_overview(request: HttpRequest) -> HttpResponse:
    overview = selectors.network_overview(membership=_membership(request))
    labels = {node.id: node.label for node in overview.nodes}
    kinds = overview.chart()["kinds"]
    edge_rows = [
        {
            "source": labels[edge.source],
            "target": labels[edge.target],
            "kind": kinds[edge.kind],
            "weight": edge.weight,
        }
        for edge in overview.edges
    ]
    matrix = overview.matrix
    context = {
        "overview": overview,
        "chart": overview.chart(),
        "figures": overview.figures,
        "edge_rows": edge_rows,
        "matrix_rows": list(zip(matrix.labels, matrix.uploaders, matrix.cells, strict=True)),
    }
    return render(request, "network/overview.html", context)


@network_readers_required
def network_overview_progress(request: HttpRequest) -> HttpResponse:
    """The progress bar of the figures being computed, polled by htmx; when they are ready, htmx reloads
    the page."""
    running, percent = selectors.network_figures_progress(membership=_membership(request))
    response = render(
        request, "network/_figures_progress.html", {"running": running, "progress": percent, "polling": True}
    )
    if request.headers.get("HX-Request") and not running:
        response["HX-Refresh"] = "true"
    return response
