"""The public career sites: no sign-in, no cookie set, no third-party script.

A site is reached at /careers/<entity-slug>/ or, when the entity has its own host name, at the root of
that host (CareerSiteHostMiddleware). The visitor's language is carried in the address (`?lang=en`),
never in a cookie; the default is the first of the entity's languages.

Closed offers: their page still answers 200, says the offer is closed, points to the open ones, has no
JobPosting markup and asks robots not to index it (`noindex`). People keep following links shared
months ago by ambassadors; a useful page serves them better than an error, while search engines drop the
offer as Google's guidelines ask. After RECENTLY_CLOSED the page answers 404.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from ambassade.careers import feeds, jsonld
from ambassade.careers.content import SOCIAL_NETWORKS, description_excerpt, fact_label
from ambassade.careers.models import EmployerStory, JobOffer, Testimonial
from ambassade.careers.selectors import (
    PublicJobFilters,
    ResolvedStory,
    career_site_get,
    career_site_url,
    employer_story_resolve,
    job_offer_get_public,
    job_offer_public_url,
    offer_locations,
    offer_text,
    offer_title_slug,
    public_filter_choices,
    public_offers_filter,
    public_open_offers,
    site_reverse,
    site_testimonials,
)
from ambassade.orgs.models import Entity

SUPPORTED = [code for code, _label in settings.LANGUAGES]
LANGUAGE_NAMES = {"fr": "Français", "en": "English"}
JOBS_PER_PAGE = 20
TEASER_SIZE = 6
FEED_CACHE_SECONDS = 300


@dataclass
class Site:
    """One career site as a visitor sees it: the entity, the language, and how to link within it."""

    request: HttpRequest
    entity: Entity
    languages: list[str]
    language: str
    story: ResolvedStory
    on_own_host: bool
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def name(self) -> str:
        return self.entity.name

    def _localised(self, url: str, language: str | None = None) -> str:
        language = language or self.language
        if language == self.default_language:
            return url
        return f"{url}{'&' if '?' in url else '?'}{urlencode({'lang': language})}"

    def path(self, name: str, **kwargs: Any) -> str:
        """A link inside the site, on the host the visitor is using, in their language."""
        if not self.on_own_host:
            kwargs["entity_slug"] = self.entity.slug
        return self._localised(reverse(name, kwargs=kwargs or None))

    def absolute(self, name: str, *, language: str | None = None, **kwargs: Any) -> str:
        """The canonical address (the entity's own host when it has one)."""
        return self._localised(site_reverse(self.entity, name, **kwargs), language)

    def job_path(self, offer: JobOffer) -> str:
        return self.path("careers_job", pk=offer.pk, title_slug=offer_title_slug(offer))

    def job_url(self, offer: JobOffer, *, language: str | None = None) -> str:
        return self._localised(job_offer_public_url(offer), language)

    def switch_links(self) -> list[dict[str, str]]:
        """The same page in the site's other languages (filters and other parameters kept)."""
        links = []
        for language in self.languages:
            if language == self.language:
                continue
            query = self.request.GET.copy()
            query.pop("page", None)
            if language == self.default_language:
                query.pop("lang", None)
            else:
                query["lang"] = language
            encoded = query.urlencode()
            links.append(
                {
                    "language": language,
                    "name": LANGUAGE_NAMES.get(language, language),
                    "url": f"{self.request.path}?{encoded}" if encoded else self.request.path,
                }
            )
        return links

    @property
    def home(self) -> str:
        return self.path("careers_home")

    @property
    def jobs(self) -> str:
        return self.path("careers_job_list")

    @property
    def advice(self) -> str:
        return self.path("careers_advice")

    @property
    def rss(self) -> str:
        return self.path("careers_feed_rss")

    @property
    def atom(self) -> str:
        return self.path("careers_feed_atom")

    @property
    def job_board(self) -> str:
        return self.path("careers_feed_jobs")

    @property
    def logo_url(self) -> str | None:
        if self.story.logo_story_id is None:
            return None
        return self.path("careers_image", kind="logo", pk=self.story.logo_story_id)

    def image_absolute(self) -> str | None:
        """og:image: the sharing image, else the logo."""
        if self.story.cover_story_id is not None:
            return site_reverse(self.entity, "careers_image", kind="cover", pk=self.story.cover_story_id)
        if self.story.logo_story_id is not None:
            return site_reverse(self.entity, "careers_image", kind="logo", pk=self.story.logo_story_id)
        return None

    def logo_absolute(self) -> str | None:
        if self.story.logo_story_id is None:
            return None
        return site_reverse(self.entity, "careers_image", kind="logo", pk=self.story.logo_story_id)

    @property
    def social_links(self) -> list[tuple[str, str]]:
        return [(SOCIAL_NETWORKS.get(key, key), url) for key, url in self.story.social_accounts.items()]

    @property
    def facts(self) -> list[tuple[str, str]]:
        return [(fact_label(key), value) for key, value in self.story.facts.items()]


def site_languages(entity: Entity) -> list[str]:
    return [code for code in entity.languages if code in SUPPORTED] or [settings.LANGUAGE_CODE]


def site_build(request: HttpRequest, entity: Entity, *, on_own_host: bool) -> Site:
    languages = site_languages(entity)
    requested = request.GET.get("lang", "")
    language = requested if requested in languages else languages[0]
    story = employer_story_resolve(organisation=entity.organisation, entity=entity, language=language)
    return Site(
        request=request,
        entity=entity,
        languages=languages,
        language=language,
        story=story,
        on_own_host=on_own_host,
    )


def _site_entity(request: HttpRequest, entity_slug: str | None) -> tuple[Entity, bool]:
    entity_id = getattr(request, "career_entity_id", None)
    if entity_id is not None:
        return career_site_get(entity_id=entity_id), True
    return career_site_get(entity_slug=entity_slug), False


SiteView = Callable[..., HttpResponseBase]


def career_site(view: SiteView) -> SiteView:
    """Resolve the site and the visitor's language, render in that language, answer GET/HEAD only."""

    @require_GET
    @wraps(view)
    def wrapper(
        request: HttpRequest, *args: Any, entity_slug: str | None = None, **kwargs: Any
    ) -> HttpResponseBase:
        entity, on_own_host = _site_entity(request, entity_slug)
        site = site_build(request, entity, on_own_host=on_own_host)
        with translation.override(site.language):
            response = view(request, site, *args, **kwargs)
        response["Content-Language"] = site.language
        return response

    return wrapper


def _page(
    request: HttpRequest,
    site: Site,
    template: str,
    context: dict[str, Any],
    *,
    canonical_for: Callable[[str], str],
    description: str = "",
    og_type: str = "website",
    noindex: bool = False,
) -> HttpResponse:
    """Render a site page with what networks and search engines read: Open Graph, canonical, hreflang."""
    context = {
        "site": site,
        "switch_links": site.switch_links(),
        "alternates": [{"language": code, "url": canonical_for(code)} for code in site.languages],
        "canonical_url": canonical_for(site.language),
        "og_type": og_type,
        "og_image": site.image_absolute(),
        "meta_description": description or site.story.tagline,
        "noindex": noindex,
        **context,
    }
    response = render(request, template, context)
    if noindex:
        response["X-Robots-Tag"] = "noindex"
    return response


# --- pages -----------------------------------------------------------------------------------------


@career_site
def home(request: HttpRequest, site: Site) -> HttpResponse:
    offers = list(public_open_offers(entity=site.entity))
    context = {
        "story": site.story,
        "testimonials": site_testimonials(entity=site.entity, language=site.language),
        "teaser": [_listed(site, offer) for offer in offers[:TEASER_SIZE]],
        "offer_count": len(offers),
    }
    return _page(
        request,
        site,
        "careers/site/home.html",
        context,
        canonical_for=lambda language: site.absolute("careers_home", language=language),
        description=site.story.tagline or description_excerpt(site.story.presentation, words=40),
    )


@career_site
def job_list(request: HttpRequest, site: Site) -> HttpResponse:
    offers = public_open_offers(entity=site.entity)
    everything = list(offers)
    filters = _public_filters(request)
    found = public_offers_filter(offers, filters) if filters.active else everything
    page = Paginator(found, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "choices": public_filter_choices(everything),
        "page": page,
        "offers": [_listed(site, offer) for offer in page],
        "count": len(found),
        "total": len(everything),
    }
    return _page(
        request,
        site,
        "careers/site/job_list.html",
        context,
        canonical_for=lambda language: site.absolute("careers_job_list", language=language),
        noindex=filters.active,  # filtered lists are endless variations of the same list
    )


def _public_filters(request: HttpRequest) -> PublicJobFilters:
    department = request.GET.get("department", "")
    return PublicJobFilters(
        query=request.GET.get("q", "").strip()[:200],
        category=request.GET.get("category", "").strip()[:80],
        city=request.GET.get("city", "").strip()[:120],
        contract=request.GET.get("contract", "")
        if request.GET.get("contract") in JobOffer.Contract.values
        else "",
        remote=request.GET.get("remote", "") if request.GET.get("remote") in JobOffer.Remote.values else "",
        department_id=int(department) if department.isdigit() and len(department) < 18 else None,
    )


@dataclass(frozen=True)
class ListedOffer:
    offer: JobOffer
    title: str
    language: str
    is_fallback: bool
    url: str
    places: str


def _listed(site: Site, offer: JobOffer) -> ListedOffer:
    text = offer_text(offer, site.language)
    return ListedOffer(
        offer=offer,
        title=text.title,
        language=text.language,
        is_fallback=text.is_fallback,
        url=site.job_path(offer),
        places=" · ".join(location.label for location in offer_locations(offer)),
    )


@career_site
def job_detail(request: HttpRequest, site: Site, pk: int, title_slug: str) -> HttpResponse:
    offer = job_offer_get_public(entity_slug=site.entity.slug, pk=pk)
    if offer.entity_id != site.entity.pk:
        raise Http404
    return job_page(request, site, offer, preview=False)


def job_page(request: HttpRequest, site: Site, offer: JobOffer, *, preview: bool) -> HttpResponse:
    """The job page; recruiters' previews use it too (marked, never indexed, no application form)."""
    text = offer_text(offer, site.language)
    is_open = offer.is_open
    posting = None
    if is_open and offer.published_at is not None and not preview:
        posting = jsonld.as_script(
            jsonld.job_posting(
                offer,
                text=text,
                url=site.job_url(offer),
                organisation_url=site.story.social_accounts.get("website") or career_site_url(site.entity),
                logo_url=site.logo_absolute(),
            )
        )
    others = [
        _listed(site, other) for other in public_open_offers(entity=site.entity).exclude(pk=offer.pk)[:3]
    ]
    context = {
        "offer": offer,
        "text": text,
        "locations": offer_locations(offer),
        "salary": feeds.salary_text(offer),
        "jsonld": posting,
        "is_open": is_open,
        "preview": preview,
        "others": others,
    }
    return _page(
        request,
        site,
        "careers/site/job_detail.html",
        context,
        canonical_for=lambda language: site.job_url(offer, language=language),
        description=description_excerpt(text.description, words=40),
        og_type="article",
        noindex=preview or not is_open,
    )


@career_site
def advice(request: HttpRequest, site: Site) -> HttpResponse:
    return _page(
        request,
        site,
        "careers/site/advice.html",
        {"story": site.story},
        canonical_for=lambda language: site.absolute("careers_advice", language=language),
        description=description_excerpt(site.story.how_we_recruit, words=40),
    )


# --- feeds -----------------------------------------------------------------------------------------


def _feed_context(site: Site) -> feeds.FeedContext:
    return feeds.FeedContext(
        entity=site.entity, language=site.language, default_language=site.default_language, story=site.story
    )


def _xml(content: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={FEED_CACHE_SECONDS}"
    return response


@career_site
def feed_rss(request: HttpRequest, site: Site) -> HttpResponse:
    offers = list(public_open_offers(entity=site.entity))
    url = site.absolute("careers_feed_rss")
    return _xml(feeds.rss_feed(_feed_context(site), offers, feed_url=url), "application/rss+xml")


@career_site
def feed_atom(request: HttpRequest, site: Site) -> HttpResponse:
    offers = list(public_open_offers(entity=site.entity))
    url = site.absolute("careers_feed_atom")
    return _xml(feeds.atom_feed(_feed_context(site), offers, feed_url=url), "application/atom+xml")


@career_site
def feed_jobs(request: HttpRequest, site: Site) -> HttpResponse:
    offers = list(public_open_offers(entity=site.entity))
    return _xml(feeds.job_board_xml(_feed_context(site), offers), "application/xml")


@career_site
def sitemap(request: HttpRequest, site: Site) -> HttpResponse:
    offers = public_open_offers(entity=site.entity)
    return _xml(
        feeds.sitemap_xml(entity=site.entity, offers=offers, languages=site.languages), "application/xml"
    )


@career_site
def robots(request: HttpRequest, site: Site) -> HttpResponse:
    """Served at the root of an entity's own host only."""
    body = f"User-agent: *\nAllow: /\nSitemap: {site_reverse(site.entity, 'careers_sitemap')}\n"
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


# --- images ----------------------------------------------------------------------------------------


@career_site
def image(request: HttpRequest, site: Site, kind: str, pk: int) -> HttpResponseBase:
    """The site's logo, sharing image and staff photos, streamed from outside the public web root."""
    file = _image_file(site.entity, kind, pk)
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    content_type = mimetypes.guess_type(file.name or "")[0] or "application/octet-stream"
    if not content_type.startswith("image/") or content_type == "image/svg+xml":
        raise Http404
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _image_file(entity: Entity, kind: str, pk: int) -> FieldFile | None:
    if kind in {"logo", "cover"}:
        story = EmployerStory.objects.filter(organisation_id=entity.organisation_id, pk=pk).first()
        if story is None or story.entity_id not in (None, entity.pk):
            return None
        return story.logo if kind == "logo" else story.cover
    if kind == "photo":
        testimonial = Testimonial.objects.filter(
            organisation_id=entity.organisation_id, pk=pk, consent_at__isnull=False
        ).first()
        if testimonial is None or testimonial.entity_id not in (None, entity.pk):
            return None
        return testimonial.photo
    return None


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 on an entity's own host, where the application's pages (and their menu) do not exist."""
    return render(request, "careers/site/404.html", {"home": "/"}, status=404)
