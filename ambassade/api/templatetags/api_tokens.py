from __future__ import annotations

from typing import Any

from django import template

from ambassade.api.forms import ApiTokenForm
from ambassade.api.models import ApiToken
from ambassade.api.selectors import api_token_list

register = template.Library()


@register.simple_tag(takes_context=True)
def user_api_tokens(context: dict[str, Any]) -> list[ApiToken]:
    """The signed-in user's tokens, newest first, for the profile page."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return []
    return list(api_token_list(user=user).order_by("-created_at", "-pk"))


@register.simple_tag
def api_token_form() -> ApiTokenForm:
    return ApiTokenForm()
