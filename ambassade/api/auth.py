"""Token authentication: `Authorization: Bearer amb_…`."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise
from ninja.errors import HttpError
from ninja.security import HttpBearer

from ambassade.api.language import api_language_activate
from ambassade.api.services import api_token_authenticate
from ambassade.orgs.models import Membership
from ambassade.orgs.roles import Role


class TokenAuth(HttpBearer):
    """Any member's token; with `roles`, a valid token of another role is refused with a 403 before the
    request's body is even read."""

    def __init__(self, *, roles: Collection[Role] = (), refusal: str | Promise = "") -> None:
        self.roles = frozenset(roles)
        self.refusal = refusal
        super().__init__()

    def __call__(self, request: HttpRequest) -> Any:
        # Speak the client's language from the start, so that a refusal is already translated.
        api_language_activate(request)
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> Membership | None:
        membership = api_token_authenticate(raw=token.strip())
        if membership is None:
            return None
        request.user = membership.user
        request.membership = membership  # type: ignore[attr-defined]
        api_language_activate(request, membership)
        if self.roles and membership.role not in self.roles:
            raise HttpError(403, str(self.refusal))
        return membership


def request_membership(request: HttpRequest) -> Membership:
    """The membership the request's token acts for (set by TokenAuth before any endpoint runs)."""
    membership = request.auth  # type: ignore[attr-defined]
    assert isinstance(membership, Membership)
    return membership
