"""A career site's open offers as RSS 2.0, Atom, the job-board XML aggregators ingest, and a sitemap.

Only open offers appear: a closed or expired offer leaves every feed at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from io import StringIO
from urllib.parse import urlencode

from django.utils import feedgenerator, timezone, translation
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.translation import gettext as _

from ambassade.careers.content import FEED_FACTS, description_excerpt, fact_label
from ambassade.careers.models import JobOffer
from ambassade.careers.selectors import (
    ResolvedStory,
    career_site_url,
    job_offer_public_url,
    offer_locations,
    offer_text,
    site_reverse,
)
from ambassade.orgs.models import Entity

# The job-board XML's job types (the common aggregator vocabulary), from schema.org employment types.
JOB_TYPES = {
    "FULL_TIME": "fulltime",
    "PART_TIME": "parttime",
    "CONTRACTOR": "contract",
    "TEMPORARY": "temporary",
    "INTERN": "internship",
    "VOLUNTEER": "volunteer",
    "PER_DIEM": "perdiem",
    "OTHER": "other",
}
# Characters XML 1.0 forbids even inside CDATA.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class FeedContext:
    entity: Entity
    language: str
    default_language: str
    story: ResolvedStory

    def with_language(self, url: str) -> str:
        if self.language == self.default_language:
            return url
        return f"{url}{'&' if '?' in url else '?'}{urlencode({'lang': self.language})}"

    @property
    def title(self) -> str:
        return _("Job offers · %(entity)s") % {"entity": self.entity.name}


def _moment(offer: JobOffer) -> datetime:
    return offer.published_at or offer.created_at


def _last_change(offers: list[JobOffer]) -> datetime:
    return max((offer.updated_at for offer in offers), default=timezone.now())


def _syndication(
    feed_class: type[feedgenerator.SyndicationFeed],
    context: FeedContext,
    offers: list[JobOffer],
    feed_url: str,
) -> str:
    site = context.with_language(career_site_url(context.entity))
    with translation.override(context.language):
        feed = feed_class(
            title=context.title,
            link=site,
            description=context.story.tagline or context.title,
            language=context.language,
            feed_url=feed_url,
            feed_guid=feed_url,
        )
        for offer in offers:
            text = offer_text(offer, context.language)
            url = context.with_language(job_offer_public_url(offer))
            feed.add_item(
                title=text.title,
                link=url,
                description=description_excerpt(text.description, words=60),
                pubdate=_moment(offer),
                updateddate=offer.updated_at,
                unique_id=job_offer_public_url(offer),
                unique_id_is_permalink=True,
                categories=[offer.category] if offer.category else None,
            )
        return feed.writeString("utf-8")


def rss_feed(context: FeedContext, offers: list[JobOffer], *, feed_url: str) -> str:
    return _syndication(feedgenerator.Rss201rev2Feed, context, offers, feed_url)


def atom_feed(context: FeedContext, offers: list[JobOffer], *, feed_url: str) -> str:
    return _syndication(feedgenerator.Atom1Feed, context, offers, feed_url)


# --- the job-board XML ----------------------------------------------------------------------------


def cdata(value: object) -> str:
    """A value as CDATA: "]]>" inside it is split across two sections, forbidden characters dropped."""
    text = _XML_FORBIDDEN.sub("", "" if value is None else str(value))
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _element(name: str, value: object) -> str:
    return f"<{name}>{cdata(value)}</{name}>"


def job_board_xml(context: FeedContext, offers: list[JobOffer]) -> str:
    out = StringIO()
    out.write('<?xml version="1.0" encoding="utf-8"?>\n<source>\n')
    out.write(_element("publisher", context.entity.organisation.name) + "\n")
    out.write(_element("publisherurl", context.with_language(career_site_url(context.entity))) + "\n")
    out.write(_element("lastBuildDate", http_date(_last_change(offers).timestamp())) + "\n")
    with translation.override(context.language):
        about = employer_summary(context)
        for offer in offers:
            out.write(_job(context, offer, about))
    out.write("</source>\n")
    return out.getvalue()


def _job(context: FeedContext, offer: JobOffer, about: str) -> str:
    text = offer_text(offer, context.language)
    locations = offer_locations(offer)
    place = locations[0] if locations else None
    country = place.country if place else ", ".join(offer.remote_countries or [])
    description = text.description + (
        f"<h3>{escape(_('About the employer'))}</h3><p>{escape(about)}</p>" if about else ""
    )
    values = [
        ("title", text.title),
        ("date", http_date(_moment(offer).timestamp())),
        ("referencenumber", offer.reference),
        ("url", context.with_language(job_offer_public_url(offer))),
        ("company", offer.entity.name),
        ("city", place.city if place else ""),
        ("state", place.region if place else ""),
        ("country", country),
        ("postalcode", place.postal_code if place else ""),
        ("description", description),
        ("salary", salary_text(offer)),
        ("jobtype", JOB_TYPES.get(offer.contract_type, "other")),
        ("category", offer.category),
        ("remotetype", offer.get_remote_policy_display()),
    ]
    return "<job>\n" + "\n".join(_element(name, value) for name, value in values) + "\n</job>\n"


def employer_summary(context: FeedContext) -> str:
    """The employer's key facts in one sentence: what the consistency report calls the feed's facts."""
    parts = [
        f"{fact_label(key)}: {context.story.facts[key]}" for key in FEED_FACTS if context.story.facts.get(key)
    ]
    return "; ".join(parts) + ("." if parts else "")


def feed_facts(story: ResolvedStory) -> dict[str, str]:
    return {key: story.facts[key] for key in FEED_FACTS if story.facts.get(key)}


def _amount(value: Decimal) -> str:
    return f"{value:,.0f}".replace(",", "\u202f") if value == value.to_integral_value() else f"{value:,.2f}"


def salary_text(offer: JobOffer) -> str:
    if offer.salary_min is None and offer.salary_max is None:
        return ""
    period = offer.get_salary_period_display()
    if offer.salary_min is not None and offer.salary_max is not None and offer.salary_min != offer.salary_max:
        amount = f"{_amount(offer.salary_min)}–{_amount(offer.salary_max)}"
    elif offer.salary_min is not None and offer.salary_max is None:
        amount = _("from %(amount)s") % {"amount": _amount(offer.salary_min)}
    elif offer.salary_max is not None and offer.salary_min is None:
        amount = _("up to %(amount)s") % {"amount": _amount(offer.salary_max)}
    else:
        assert offer.salary_min is not None
        amount = _amount(offer.salary_min)
    return f"{amount} {offer.salary_currency} {period}"


# --- the sitemap -----------------------------------------------------------------------------------


def sitemap_xml(*, entity: Entity, offers: Iterable[JobOffer], languages: list[str]) -> str:
    default = languages[0]
    site_pages = [
        site_reverse(entity, name) for name in ("careers_home", "careers_job_list", "careers_advice")
    ]
    entries: list[tuple[str, str | None]] = [(url, None) for url in site_pages]
    entries += [
        (job_offer_public_url(offer), timezone.localdate(offer.updated_at).isoformat()) for offer in offers
    ]
    out = StringIO()
    out.write('<?xml version="1.0" encoding="utf-8"?>\n')
    out.write('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n')
    for url, lastmod in entries:
        for language in languages:
            localised = url if language == default else f"{url}?{urlencode({'lang': language})}"
            out.write(f"<url><loc>{escape(localised)}</loc>")
            if lastmod:
                out.write(f"<lastmod>{lastmod}</lastmod>")
            out.write("</url>\n")
    out.write("</urlset>\n")
    return out.getvalue()
