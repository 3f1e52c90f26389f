"""Every API error is JSON: {"detail": "message"} or, for invalid input, {"detail": [{"loc", "field",
"msg", "type"}, ...]}, with messages in the response's language."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger(__name__)

# Pydantic's error types, in words people read in their own language.
_PYDANTIC_MESSAGES: dict[str, str] = {
    "missing": "This field is required.",
    "int_parsing": "Enter a whole number.",
    "int_type": "Enter a whole number.",
    "int_from_float": "Enter a whole number.",
    "bool_parsing": "Enter true or false.",
    "bool_type": "Enter true or false.",
    "string_type": "Enter a text.",
    "string_too_long": "Enter at most %(max_length)s characters.",
    "string_too_short": "Enter at least %(min_length)s characters.",
    "greater_than_equal": "Enter a number greater than or equal to %(ge)s.",
    "less_than_equal": "Enter a number less than or equal to %(le)s.",
    "literal_error": "Choose one of: %(expected)s.",
    "enum": "Choose one of: %(expected)s.",
    "date_parsing": "Enter a date as YYYY-MM-DD.",
    "date_type": "Enter a date as YYYY-MM-DD.",
    "date_from_datetime_parsing": "Enter a date as YYYY-MM-DD.",
    "date_from_datetime_inexact": "Enter a date as YYYY-MM-DD.",
    "list_type": "Enter a list.",
    "too_short": "Enter at least %(min_length)s item(s).",
    "too_long": "Enter at most %(max_length)s item(s).",
    "model_type": "Send a JSON object.",
    "model_attributes_type": "Send a JSON object.",
    "dict_type": "Send a JSON object.",
    "extra_forbidden": "Unknown field.",
}


def _translated_messages() -> None:
    """Never called: lists the msgids above for makemessages, which cannot see through a dict."""
    _("This field is required.")
    _("Enter a whole number.")
    _("Enter true or false.")
    _("Enter a text.")
    _("Enter at most %(max_length)s characters.")
    _("Enter at least %(min_length)s characters.")
    _("Enter a number greater than or equal to %(ge)s.")
    _("Enter a number less than or equal to %(le)s.")
    _("Choose one of: %(expected)s.")
    _("Enter a date as YYYY-MM-DD.")
    _("Enter a list.")
    _("Enter at least %(min_length)s item(s).")
    _("Enter at most %(max_length)s item(s).")
    _("Send a JSON object.")
    _("Unknown field.")


def install_error_handlers(api: NinjaAPI) -> None:
    api.add_exception_handler(AuthenticationError, partial(_unauthenticated, api=api))
    api.add_exception_handler(HttpError, partial(_http_error, api=api))
    api.add_exception_handler(Http404, partial(_not_found, api=api))
    api.add_exception_handler(NinjaValidationError, partial(_invalid_request, api=api))
    api.add_exception_handler(DjangoValidationError, partial(_invalid_data, api=api))
    api.add_exception_handler(Exception, partial(_server_error, api=api))


def error_item(*, loc: Iterable[str | int], message: str, type_: str = "invalid") -> dict[str, Any]:
    loc = [str(part) if not isinstance(part, int) else part for part in loc]
    field = ".".join(str(part) for part in loc[1:]) or None
    return {"loc": loc, "field": field, "msg": message, "type": type_}


def invalid_parameter(*, loc: list[str], message: str) -> NinjaValidationError:
    """A 422 for a request parameter that is well-formed but names nothing the caller may use."""
    return NinjaValidationError([{"loc": loc, "msg": message, "type": "invalid"}])


def _unauthenticated(request: HttpRequest, exc: Exception, *, api: NinjaAPI) -> HttpResponse:
    if request.headers.get("Authorization"):
        message = _(
            "This API token is unknown or revoked, or its account is inactive or has no organisation."
        )
    else:
        message = _("Authentication required: send your API token as “Authorization: Bearer <token>”.")
    response = api.create_response(request, {"detail": message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def _http_error(request: HttpRequest, exc: Exception, *, api: NinjaAPI) -> HttpResponse:
    assert isinstance(exc, HttpError)
    message = str(exc)
    if exc.status_code == 400 and message.startswith("Cannot parse request body"):
        message = _("The request body is not valid JSON.")
    return api.create_response(request, {"detail": message}, status=exc.status_code)


def _not_found(request: HttpRequest, exc: Exception, *, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


def _invalid_request(request: HttpRequest, exc: Exception, *, api: NinjaAPI) -> HttpResponse:
    assert isinstance(exc, NinjaValidationError)
    return api.create_response(
        request, {"detail": [_pydantic_item(error) for error in exc.errors]}, status=422
    )


def _pydantic_item(error: dict[str, Any]) -> dict[str, Any]:
    loc = list(error.get("loc", ()))
    if len(loc) > 2 and loc[0] == "body":
        del loc[1]  # the name of the endpoint's body argument means nothing to a client
    type_ = str(error.get("type", "invalid"))
    return error_item(loc=loc, message=_pydantic_message(type_, error), type_=type_)


def _pydantic_message(type_: str, error: dict[str, Any]) -> str:
    context = error.get("ctx") or {}
    if type_ == "value_error" and "error" in context:
        return str(context["error"])
    template = _PYDANTIC_MESSAGES.get(type_)
    if template is None:
        return str(error.get("msg", _("Invalid value.")))
    try:
        return _(template) % context
    except (KeyError, TypeError, ValueError):
        return str(error.get("msg", _("Invalid value.")))


def _invalid_data(request: HttpRequest, exc: Exception, *, api: NinjaAPI) -> HttpResponse:
    assert isinstance(exc, DjangoValidationError)
    return api.create_response(request, {"detail": django_error_items(exc)}, status=422)


def django_error_items(exc: DjangoValidationError) -> list[dict[str, Any]]:
    """A Django ValidationError from a service, as items naming the field of the request body."""
    if not hasattr(exc, "error_dict"):
        return [error_item(loc=["body"], message=message) for message in exc.messages]
    items: list[dict[str, Any]] = []
    for field, errors in exc.error_dict.items():
        for error in errors:
            name = _field_of(field, error)
            loc = ["body", name] if name else ["body"]
            type_ = error.code or "invalid"
            items.extend(error_item(loc=loc, message=message, type_=type_) for message in error.messages)
    return items


def _field_of(field: str, error: DjangoValidationError) -> str | None:
    if field != NON_FIELD_ERRORS:
        return field
    # A uniqueness rule over (organisation, field) is reported by Django as a whole-object error.
    check = (error.params or {}).get("unique_check") or ()
    named = [name for name in check if name != "organisation"]
    return ".".join(named) or None


def _server_error(request: HttpRequest, exc: Exception, *, api: NinjaAPI) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return api.create_response(request, {"detail": _("Server error. Please try again later.")}, status=500)
