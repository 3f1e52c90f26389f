"""Text of job offers and employer stories: sanitised HTML, locations, facts and social accounts.

Framework-light helpers shared by the forms, the API, the services and the public pages.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import nh3
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import URLValidator
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps

# What a description may contain: enough for a readable offer, nothing that runs or restyles the page.
ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "a", "h3", "h4"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
LOCATION_PARTS = ("street", "postal_code", "city", "region", "country")

# Facts the consistency report and the career sites know by name; others are shown as written.
KNOWN_FACTS: dict[str, Any] = {
    "headcount": gettext_lazy("Headcount"),
    "sites": gettext_lazy("Sites"),
    "founded": gettext_lazy("Founded"),
    "benefits_summary": gettext_lazy("Benefits in short"),
}
# The facts copied into the job-board feed's "about the employer" paragraph.
FEED_FACTS = ("headcount", "sites", "founded", "benefits_summary")

SOCIAL_NETWORKS: dict[str, str] = {
    "website": "Website",
    "linkedin": "LinkedIn",
    "x": "X",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
}


def description_sanitise(html: str) -> str:
    """Keep the basic formatting tags; drop scripts, styles, events and unknown tags (their text stays)."""
    cleaned = nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener",
        strip_comments=True,
    )
    return cleaned.strip()


def description_as_html(text: str) -> str:
    """A description typed as plain text (no tag at all) becomes paragraphs; HTML stays as it is."""
    if re.search(r"<[a-zA-Z/][^>]*>", text or ""):
        return text
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text or "") if part.strip()]
    escaped = [escape(part).replace("\n", "<br>") for part in paragraphs]
    return "".join(f"<p>{part}</p>" for part in escaped)


def description_excerpt(html: str, *, words: int = 40) -> str:
    """Plain text for feeds and Open Graph descriptions."""
    text = re.sub(r"\s+", " ", strip_tags(html.replace("<", " <"))).strip()
    return Truncator(text).words(words, truncate="…")


@dataclass(frozen=True)
class Location:
    city: str
    country: str
    street: str = ""
    postal_code: str = ""
    region: str = ""

    def as_dict(self) -> dict[str, str]:
        return {part: getattr(self, part) for part in LOCATION_PARTS}

    def as_line(self) -> str:
        return "; ".join(getattr(self, part) for part in LOCATION_PARTS)

    @property
    def label(self) -> str:
        return ", ".join(part for part in (self.city, self.region) if part) or self.country

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Location:
        return cls(**{part: str(data.get(part) or "").strip() for part in LOCATION_PARTS})


def locations_from_json(data: Any) -> list[Location]:
    return [Location.from_dict(item) for item in data or [] if isinstance(item, dict)]


def location_check(location: Location, *, where: str) -> list[str]:
    """Messages about one location; `where` names it (a line number, a list index)."""
    problems = []
    if not location.city:
        problems.append(_("%(where)s: the city is missing.") % {"where": where})
    if not COUNTRY_CODE.match(location.country):
        problems.append(_("%(where)s: the country must be a two-letter code such as FR.") % {"where": where})
    return problems


def locations_parse(text: str) -> list[Location]:
    """One location per line, "street; postal code; city; region; country". Errors name the line."""
    locations, problems = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        where = _("Line %(number)s") % {"number": number}
        parts = [part.strip() for part in line.split(";")]
        if len(parts) != len(LOCATION_PARTS):
            problems.append(
                _(
                    "%(where)s: write 5 parts separated by “;” (street; postal code; city; region; "
                    "country), found %(count)s."
                )
                % {"where": where, "count": len(parts)}
            )
            continue
        values = dict(zip(LOCATION_PARTS, parts, strict=True))
        values["country"] = values["country"].upper()
        location = Location(**values)
        problems.extend(location_check(location, where=where))
        locations.append(location)
    if problems:
        raise ValidationError(problems)
    return locations


def locations_format(locations: Iterable[Location]) -> str:
    return "\n".join(location.as_line() for location in locations)


def countries_parse(text: str) -> list[str]:
    codes = [code.strip() for code in re.split(r"[,;\s]+", text or "") if code.strip()]
    wrong = [code for code in codes if not COUNTRY_CODE.match(code.upper())]
    if wrong:
        raise ValidationError(
            _("Use two-letter country codes such as FR, BE: “%(code)s” is not one.") % {"code": wrong[0]}
        )
    return list(dict.fromkeys(code.upper() for code in codes))


def fact_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def facts_parse(text: str) -> dict[str, str]:
    """One fact per line, "name: value". Errors name the line."""
    facts: dict[str, str] = {}
    problems = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        name, colon, value = line.partition(":")
        key = fact_key(name)
        if not colon or not key or not value.strip():
            problems.append(
                _("Line %(number)s: write a fact as “name: value”, e.g. “headcount: 1800”.")
                % {"number": number}
            )
            continue
        if key in facts:
            problems.append(
                _("Line %(number)s: “%(name)s” is given twice.") % {"number": number, "name": key}
            )
            continue
        facts[key] = value.strip()
    if problems:
        raise ValidationError(problems)
    return facts


def facts_format(facts: dict[str, Any]) -> str:
    return "\n".join(f"{key}: {value}" for key, value in (facts or {}).items())


def fact_label(key: str) -> str:
    return str(KNOWN_FACTS.get(key) or key.replace("_", " ").capitalize())


def social_url_check(network: str, url: str) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as error:
        raise ValidationError(
            _("%(network)s: enter a full address starting with https://.")
            % {"network": SOCIAL_NETWORKS.get(network, network)}
        ) from error
    return url


def image_shrink(upload: Any, *, box: tuple[int, int]) -> SimpleUploadedFile:
    """The image at most `box` pixels, re-encoded (PNG keeps transparency, anything else becomes JPEG),
    without its metadata: career pages stay light and photos do not carry where they were taken."""
    upload.seek(0)
    with Image.open(upload) as opened:
        image = ImageOps.exif_transpose(opened)
        image.thumbnail(box)
        keep_png = opened.format == "PNG"
        out = io.BytesIO()
        if keep_png:
            image.save(out, format="PNG", optimize=True)
        else:
            image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
    stem = (getattr(upload, "name", "") or "image").rsplit("/", 1)[-1].rsplit(".", 1)[0][:60] or "image"
    extension, content_type = ("png", "image/png") if keep_png else ("jpg", "image/jpeg")
    return SimpleUploadedFile(f"{stem}.{extension}", out.getvalue(), content_type=content_type)
