"""Reads of job offers, career sites and the employer story.

Recruiter screens go through `*_get_for_user` (scoped by organisation and role; a foreign object is a
404). Public pages go through the `public` functions, which only ever return what a visitor may see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Max, Prefetch, Q, QuerySet
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from ambassade.careers.content import Location, locations_from_json
from ambassade.careers.models import EmployerStory, JobOffer, JobOfferTranslation, Testimonial
from ambassade.orgs.models import Entity, Membership, Organisation
from ambassade.orgs.roles import Role

HOST_URLCONF = "ambassade.careers.host_urls"
# Who works on job offers (writes), and who may read them in the recruiter screens.
JOB_WRITERS = frozenset({Role.HR_ADMIN, Role.RECRUITER})
JOB_READERS = frozenset({Role.HR_ADMIN, Role.RECRUITER, Role.COMMS})
# Who writes the employer story and testimonials, and reads the consistency report.
STORY_EDITORS = frozenset({Role.HR_ADMIN, Role.COMMS})
# A closed offer's page still answers (with a notice) for this long, for people following old shares.
RECENTLY_CLOSED = timedelta(days=60)
# validThrough when an offer has no closing date (Google's guidelines want an end date).
DEFAULT_VALIDITY = timedelta(days=60)
STORY_TEXT_FIELDS = ("tagline", "presentation", "values", "benefits", "how_we_recruit", "how_to_prepare")


def _get_or_404(queryset: QuerySet[Any], pk: object) -> Any:
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


# --- job offers, for members ----------------------------------------------------------------------


@dataclass(frozen=True)
class JobOfferFilters:
    query: str = ""
    status: str = ""
    entity_id: int | None = None


def job_offer_list(*, membership: Membership, filters: JobOfferFilters | None = None) -> QuerySet[JobOffer]:
    """Every offer of the organisation for the people who work on them; published ones for the others."""
    offers = (
        JobOffer.objects.filter(organisation=membership.organisation)
        .select_related("entity", "department")
        .prefetch_related("translations")
    )
    if membership.role not in JOB_READERS:
        offers = offers.filter(status=JobOffer.Status.PUBLISHED)
    if filters is None:
        return offers
    if filters.status:
        offers = offers.filter(status=filters.status)
    if filters.entity_id:
        offers = offers.filter(entity_id=filters.entity_id)
    for word in filters.query.split():
        offers = offers.filter(
            Q(reference__icontains=word)
            | Q(category__icontains=word)
            | Q(translations__title__icontains=word)
            | Q(translations__description__icontains=word)
        )
    return offers.distinct() if filters.query.strip() else offers


def job_offer_get_for_user(*, membership: Membership, pk: object) -> JobOffer:
    return _get_or_404(job_offer_list(membership=membership), pk)


def job_offer_status_counts(*, membership: Membership) -> dict[str, int]:
    counts = dict.fromkeys(JobOffer.Status.values, 0)
    for status in job_offer_list(membership=membership).values_list("status", flat=True):
        counts[status] += 1
    return counts


def job_offer_next_reference(*, organisation: Organisation, year: int | None = None) -> str:
    """A free reference such as "2026-0042", suggested to the recruiter (they may type their own)."""
    year = year or timezone.localdate().year
    prefix = f"{year}-"
    taken = set(
        JobOffer.objects.filter(organisation=organisation, reference__startswith=prefix).values_list(
            "reference", flat=True
        )
    )
    number = len(taken) + 1
    while f"{prefix}{number:04d}" in taken:
        number += 1
    return f"{prefix}{number:04d}"


def job_offer_categories(*, organisation: Organisation) -> list[str]:
    categories = JobOffer.objects.filter(organisation=organisation).exclude(category="")
    return sorted(set(categories.values_list("category", flat=True)), key=str.lower)


# --- texts in the visitor's language --------------------------------------------------------------


@dataclass(frozen=True)
class OfferText:
    language: str
    title: str
    description: str
    is_fallback: bool  # the visitor's language has no text: another language is shown


def offer_text(offer: JobOffer, language: str) -> OfferText:
    """The offer's text in `language` when it exists, else in another language (with a flag saying so)."""
    texts = {text.language: text for text in offer.translations.all()}
    if language in texts:
        chosen, fallback = texts[language], False
    elif texts:
        other = next(code for code, _label in settings.LANGUAGES if code in texts)
        chosen, fallback = texts[other], True
    else:
        return OfferText(language=language, title=offer.reference, description="", is_fallback=False)
    return OfferText(chosen.language, chosen.title, chosen.description, is_fallback=fallback)


def offer_languages(offer: JobOffer) -> list[str]:
    return sorted(text.language for text in offer.translations.all())


def offer_locations(offer: JobOffer) -> list[Location]:
    return locations_from_json(offer.locations)


def offer_title_slug(offer: JobOffer, language: str | None = None) -> str:
    language = language or (offer.entity.languages or ["fr"])[0]
    # French inclusive writing ("développeur·se") reads better as two words than glued together.
    title = offer_text(offer, language).title.replace("·", "-").replace("⋅", "-")
    return slugify(title)[:80].strip("-") or "job"


def offer_valid_through(offer: JobOffer) -> Any:
    """The end of the offer's validity, as an aware datetime: the end of its closing day; without one,
    60 days after publication, or 60 days from today if that has passed while the offer is still open."""
    tz = timezone.get_current_timezone()
    if offer.closes_on is not None:
        return timezone.make_aware(datetime.combine(offer.closes_on, time(23, 59, 59)), tz)
    start = offer.published_at or timezone.now()
    until = start + DEFAULT_VALIDITY
    if until < timezone.now() and offer.is_open:
        until = timezone.now() + DEFAULT_VALIDITY
    return until.astimezone(tz).replace(microsecond=0)


# --- career sites: addresses -----------------------------------------------------------------------


def _site_origin(entity: Entity) -> str:
    if entity.host:
        return f"{'https' if settings.HTTPS else 'http'}://{entity.host}"
    return settings.SITE_URL


def site_reverse(entity: Entity, name: str, *, absolute: bool = True, **kwargs: Any) -> str:
    """The address of a career-site page on the entity's own host when it has one, else under /careers/."""
    if entity.host:
        path = reverse(name, urlconf=HOST_URLCONF, kwargs=kwargs or None)
    else:
        path = reverse(name, urlconf=settings.ROOT_URLCONF, kwargs={"entity_slug": entity.slug, **kwargs})
    return f"{_site_origin(entity)}{path}" if absolute else path


def career_site_url(entity: Entity, *, absolute: bool = True) -> str:
    return site_reverse(entity, "careers_home", absolute=absolute)


def job_offer_public_url(offer: JobOffer, *, absolute: bool = True) -> str:
    """The job page on its entity's career site (own host name honoured)."""
    return site_reverse(
        offer.entity, "careers_job", absolute=absolute, pk=offer.pk, title_slug=offer_title_slug(offer)
    )


# --- career sites: what visitors see --------------------------------------------------------------


def career_site_get(*, entity_slug: str | None = None, entity_id: int | None = None) -> Entity:
    """The active entity whose site this is. Slugs are unique per organisation only: when several
    organisations share an installation and a slug, the oldest entity owns /careers/<slug>/."""
    entities = Entity.objects.filter(is_active=True).select_related("organisation")
    if entity_id is not None:
        entities = entities.filter(pk=entity_id)
    else:
        entities = entities.filter(slug=entity_slug or "")
    entity = entities.order_by("pk").first()
    if entity is None:
        raise Http404
    return entity


def _visible_offers() -> QuerySet[JobOffer]:
    return (
        JobOffer.objects.filter(entity__is_active=True, published_at__isnull=False)
        .select_related("entity", "entity__organisation", "department", "organisation")
        .prefetch_related(Prefetch("translations", queryset=JobOfferTranslation.objects.order_by("language")))
    )


def public_open_offers(*, entity: Entity) -> QuerySet[JobOffer]:
    """Open offers of one career site, newest first: published, closing date not passed."""
    today = timezone.localdate()
    return (
        _visible_offers()
        .filter(entity=entity, status=JobOffer.Status.PUBLISHED)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        .order_by("-published_at", "-pk")
    )


def job_offer_get_public(*, entity_slug: str, pk: object) -> JobOffer:
    """A job page's offer: 404 unless published and open, or closed recently (its page then says so)."""
    now = timezone.now()
    since = now - RECENTLY_CLOSED
    recent = Q(status=JobOffer.Status.PUBLISHED) & (
        Q(closes_on__isnull=True) | Q(closes_on__gte=(now - RECENTLY_CLOSED).date())
    ) | Q(status=JobOffer.Status.CLOSED, closed_at__gte=since)
    offers = _visible_offers().filter(entity__slug=entity_slug).filter(recent)
    return _get_or_404(offers, pk)


@dataclass(frozen=True)
class PublicJobFilters:
    query: str = ""
    category: str = ""
    city: str = ""
    contract: str = ""
    remote: str = ""
    department_id: int | None = None

    @property
    def active(self) -> bool:
        return any((self.query, self.category, self.city, self.contract, self.remote, self.department_id))


def public_offers_filter(offers: QuerySet[JobOffer], filters: PublicJobFilters) -> list[JobOffer]:
    if filters.category:
        offers = offers.filter(category=filters.category)
    if filters.contract:
        offers = offers.filter(contract_type=filters.contract)
    if filters.remote:
        offers = offers.filter(remote_policy=filters.remote)
    if filters.department_id:
        offers = offers.filter(department_id=filters.department_id)
    for word in filters.query.split()[:10]:
        offers = offers.filter(
            Q(translations__title__icontains=word) | Q(translations__description__icontains=word)
        )
    found = list(offers.distinct())
    if filters.city:
        # Locations are a small JSON list per offer: filtered here, the same way on every database.
        city = filters.city.casefold()
        found = [
            offer for offer in found if any(loc.city.casefold() == city for loc in offer_locations(offer))
        ]
    return found


@dataclass(frozen=True)
class FilterChoices:
    categories: list[str]
    cities: list[str]
    contracts: list[tuple[str, str]]
    remote: list[tuple[str, str]]
    departments: list[tuple[int, str]]


def public_filter_choices(offers: list[JobOffer]) -> FilterChoices:
    """Only the values that the site's open offers actually have, so no filter leads to nothing."""
    categories = sorted({offer.category for offer in offers if offer.category}, key=str.lower)
    cities = sorted(
        {loc.city for offer in offers for loc in offer_locations(offer) if loc.city}, key=str.lower
    )
    contracts = {offer.contract_type for offer in offers}
    remote = {offer.remote_policy for offer in offers}
    departments = {offer.department.pk: offer.department.name for offer in offers if offer.department}
    return FilterChoices(
        categories=categories,
        cities=cities,
        contracts=[(value, str(label)) for value, label in JobOffer.Contract.choices if value in contracts],
        remote=[(value, str(label)) for value, label in JobOffer.Remote.choices if value in remote],
        departments=sorted(departments.items(), key=lambda item: item[1].lower()),
    )


def public_offers_last_change(*, entity: Entity) -> Any:
    return JobOffer.objects.filter(entity=entity, published_at__isnull=False).aggregate(
        last=Max("updated_at")
    )["last"]


# --- the employer story ----------------------------------------------------------------------------


@dataclass
class ResolvedStory:
    """The story a career site shows: the entity's own values where it has some, else the organisation's."""

    language: str
    texts: dict[str, str] = field(default_factory=dict)
    facts: dict[str, str] = field(default_factory=dict)
    social_accounts: dict[str, str] = field(default_factory=dict)
    overridden: set[str] = field(default_factory=set)  # text fields, "facts.<key>", "social.<network>"
    logo: FieldFile | None = None
    logo_story_id: int | None = None
    cover: FieldFile | None = None
    cover_story_id: int | None = None

    def __getattr__(self, name: str) -> str:
        if name in STORY_TEXT_FIELDS:
            return self.texts.get(name, "")
        raise AttributeError(name)

    @property
    def is_empty(self) -> bool:
        return not any(self.texts.values()) and not self.facts


def employer_stories(*, organisation: Organisation, entity: Entity | None) -> list[EmployerStory]:
    scope = Q(entity__isnull=True) | Q(entity=entity) if entity is not None else Q(entity__isnull=True)
    return list(EmployerStory.objects.filter(scope, organisation=organisation))


def employer_story_resolve(
    *,
    organisation: Organisation,
    entity: Entity | None,
    language: str,
    stories: list[EmployerStory] | None = None,
) -> ResolvedStory:
    stories = stories if stories is not None else employer_stories(organisation=organisation, entity=entity)
    base = next((s for s in stories if s.entity_id is None and s.language == language), None)
    own = next(
        (s for s in stories if entity is not None and s.entity_id == entity.pk and s.language == language),
        None,
    )
    resolved = ResolvedStory(language=language)
    for name in STORY_TEXT_FIELDS:
        own_value = getattr(own, name, "") if own else ""
        resolved.texts[name] = own_value or (getattr(base, name, "") if base else "")
        if own_value:
            resolved.overridden.add(name)
    for attribute, prefix in (("facts", "facts"), ("social_accounts", "social")):
        merged = dict(getattr(base, attribute, None) or {}) if base else {}
        for key, value in ((getattr(own, attribute, None) or {}) if own else {}).items():
            if value not in ("", None):
                merged[key] = value
                resolved.overridden.add(f"{prefix}.{key}")
        setattr(
            resolved, attribute, {key: str(value) for key, value in merged.items() if value not in ("", None)}
        )
    _resolve_images(resolved, stories, entity=entity, language=language)
    return resolved


def _resolve_images(
    resolved: ResolvedStory, stories: list[EmployerStory], *, entity: Entity | None, language: str
) -> None:
    """Images rarely differ by language: the entity's, then the organisation's, this language first."""

    def rank(story: EmployerStory) -> tuple[int, int]:
        return (
            0 if entity is not None and story.entity_id == entity.pk else 1,
            0 if story.language == language else 1,
        )

    for story in sorted(stories, key=rank):
        if story.logo and resolved.logo is None:
            resolved.logo, resolved.logo_story_id = story.logo, story.pk
        if story.cover and resolved.cover is None:
            resolved.cover, resolved.cover_story_id = story.cover, story.pk


def employer_story_get_for_user(
    *, membership: Membership, entity_id: int | None, language: str
) -> tuple[Entity | None, EmployerStory | None]:
    """The story of one scope (the organisation when entity_id is None) and language, if written yet."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    entity = None
    if entity_id is not None:
        entity = _get_or_404(Entity.objects.filter(organisation=membership.organisation), entity_id)
    story = EmployerStory.objects.filter(
        organisation=membership.organisation, entity=entity, language=language
    ).first()
    return entity, story


def site_testimonials(*, entity: Entity, language: str) -> list[Testimonial]:
    """Testimonials with recorded consent, for this site (or every site), in the visitor's language when
    there are some, else in any language."""
    shown = list(
        Testimonial.objects.filter(organisation_id=entity.organisation_id, consent_at__isnull=False).filter(
            Q(entity__isnull=True) | Q(entity=entity)
        )
    )
    in_language = [testimonial for testimonial in shown if testimonial.language == language]
    return in_language or shown


def testimonial_list(*, membership: Membership) -> QuerySet[Testimonial]:
    return Testimonial.objects.filter(organisation=membership.organisation).select_related("entity", "person")


def testimonial_get_for_user(*, membership: Membership, pk: object) -> Testimonial:
    return _get_or_404(testimonial_list(membership=membership), pk)
