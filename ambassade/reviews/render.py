"""The review as one self-contained HTML file (styles and SVG charts inline) and as a PDF (WeasyPrint)."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from ambassade.reviews.content import ReviewDocument

logger = logging.getLogger(__name__)


class PdfUnavailable(Exception):
    """WeasyPrint, or the system libraries it loads (Pango), cannot be imported: no PDF on this server.
    Its message is for people (in the active language)."""


CSS_PATH = Path(__file__).resolve().parent.parent / "static" / "reviews" / "review.css"


@cache
def _css() -> str:
    return CSS_PATH.read_text(encoding="utf-8")


def review_html(document: ReviewDocument) -> str:
    with translation.override(document.language):
        return render_to_string(
            "reviews/document.html", {"doc": document, "lang": document.language, "css": _css()}
        )


def review_pdf(html: str) -> bytes:
    """The PDF of the review's HTML: nothing is fetched (no URL fetcher: the document holds everything)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:
        # Imported here, never at start-up, so that the application runs without Pango; say why instead.
        logger.error("WeasyPrint cannot be loaded: %s", error)
        raise PdfUnavailable(
            _(
                "The PDF cannot be written: WeasyPrint or the Pango library it needs is not installed on "
                "the server (%(error)s). Ask your administrator to install them (see the review's "
                "documentation)."
            )
            % {"error": f"{type(error).__name__}: {error}"[:200]}
        ) from error

    # WeasyPrint and fontTools log every layout and subsetting step at INFO: only their warnings matter.
    for name in ("weasyprint", "weasyprint.progress", "fontTools"):
        logging.getLogger(name).setLevel(max(logging.getLogger(name).level, logging.WARNING))

    def no_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
        raise ValueError(f"the review fetches nothing: {url[:80]}")

    return HTML(string=html, url_fetcher=no_fetch).write_pdf()
