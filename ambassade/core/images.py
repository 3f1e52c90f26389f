"""Serving an uploaded image to signed-in members only (content items' images, rewards' photos)."""

from __future__ import annotations

import mimetypes

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def private_image_response(image: FieldFile) -> FileResponse:
    """The image as a response kept in private caches; 404 when there is none, when it is not an image
    by its name, or when it is SVG (scripts), or when the file has gone."""
    if not image:
        raise Http404
    content_type = mimetypes.guess_type(image.name or "")[0] or ""
    if not content_type.startswith("image/") or content_type == "image/svg+xml":
        raise Http404
    try:
        handle = image.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
