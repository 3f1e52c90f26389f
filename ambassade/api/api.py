"""The JSON API under /api/v1/: one NinjaAPI, one router per domain (later capabilities add theirs)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from ninja import NinjaAPI

from ambassade.ambassadors.api import router as programme_router
from ambassade.ambassadors.content_api import router as content_router
from ambassade.analytics.api import router as analytics_router
from ambassade.api.auth import TokenAuth
from ambassade.api.docs import LocalSwagger
from ambassade.api.errors import install_error_handlers
from ambassade.api.orgs import router as orgs_router
from ambassade.careers.api import router as careers_router
from ambassade.careers.application_api import router as applications_router
from ambassade.inbox.api import router as inbox_router
from ambassade.intranet.api import router as intranet_router
from ambassade.links.api import router as links_router
from ambassade.listening.api import router as listening_router
from ambassade.network.api import router as network_router
from ambassade.referrals.api import router as referrals_router
from ambassade.reviews.api import router as reviews_router
from ambassade.rewards.api import router as rewards_router
from ambassade.training.api import router as training_router
from ambassade.training.impact_api import router as training_impact_router

DESCRIPTION = """\
Authenticate with a personal token: `Authorization: Bearer amb_…` (create one on your profile page or with
`python manage.py api_token USERNAME`). Lists take `limit` (1–500, default 50) and `offset` and answer
`{"count": …, "items": […]}`. Every member reads what their role lets them see in the web pages; only HR
admins write. Errors are JSON: `{"detail": "…"}`, or a list of `{"loc", "field", "msg", "type"}` for
invalid input. Messages follow `Accept-Language` (fr, en), else the user's saved language, else French.
"""


class AmbassadeAPI(NinjaAPI):
    def create_response(
        self, request: HttpRequest, data: Any, *, status: int | None = None, temporal_response: Any = None
    ) -> HttpResponse:
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        response["Content-Language"] = translation.get_language()
        patch_vary_headers(response, ["Accept-Language", "Authorization"])
        return response


def api_create() -> NinjaAPI:
    api = AmbassadeAPI(
        title="ambassade API",
        version="1",
        description=DESCRIPTION,
        urls_namespace="api",
        auth=TokenAuth(),
        docs=LocalSwagger(),
    )
    install_error_handlers(api)
    api.add_router("", orgs_router)
    api.add_router("", careers_router)
    api.add_router("", applications_router)
    api.add_router("", links_router)
    api.add_router("", programme_router)
    api.add_router("", content_router)
    api.add_router("", referrals_router)
    api.add_router("", rewards_router)
    api.add_router("", listening_router)
    api.add_router("", inbox_router)
    api.add_router("", training_router)
    api.add_router("", training_impact_router)
    api.add_router("", network_router)
    api.add_router("", analytics_router)
    api.add_router("", intranet_router)
    api.add_router("", reviews_router)
    return api


api = api_create()
