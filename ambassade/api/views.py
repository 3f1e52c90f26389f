"""HTML views: a member creates and revokes their own API tokens from their profile page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ambassade.api.forms import ApiTokenForm
from ambassade.api.language import api_language_activate
from ambassade.api.services import api_token_create as token_create
from ambassade.api.services import api_token_revoke as token_revoke
from ambassade.orgs.permissions import member_required


@member_required
@require_POST
def api_token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, raw = token_create(user=request.user, name=form.cleaned_data["name"])  # type: ignore[arg-type]
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # The token is shown on this response only: it is stored nowhere but in its hash.
            response = render(request, "api/token_created.html", {"token": token, "raw": raw})
            add_never_cache_headers(response)
            return response
    return render(request, "api/token_form.html", {"form": form}, status=400)


@member_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = token_revoke(user=request.user, token_id=pk)  # type: ignore[arg-type]
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("profile")


def api_root(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return redirect("api:openapi-view")


def api_not_found(request: HttpRequest) -> HttpResponse:
    return _json_error(request, _("Not found."), status=404)


def json_method_not_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Ninja answers a method it has no operation for in plain text; the API's errors are JSON."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type", "").startswith("application/json"):
            return response
        message = _("The method %(method)s is not allowed here.") % {"method": request.method}
        json_response = _json_error(request, message, status=405)
        json_response["Allow"] = response.get("Allow", "")
        return json_response

    return wrapper


def _json_error(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    api_language_activate(request)
    response = JsonResponse({"detail": message}, status=status)
    response["Content-Language"] = get_language()
    return response
