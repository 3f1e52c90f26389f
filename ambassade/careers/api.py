"""Job offers in the JSON API: every member reads them (employees and managers see published offers
only, as on the career sites), recruiters and HR admins write them through the same audited services
as the web pages. `status` moves an offer: "published" publishes (or reopens a closed offer),
"scheduled" needs `publish_at`, "closed" closes, "draft" cancels a schedule.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AfterValidator

from ambassade.api.auth import TokenAuth, request_membership
from ambassade.api.errors import invalid_parameter
from ambassade.api.pagination import ApiPagination
from ambassade.api.schemas import Id, Language, Text, WriteInput, kept
from ambassade.careers import selectors, services
from ambassade.careers.models import JobOffer
from ambassade.careers.services import OfferTextInput
from ambassade.orgs import selectors as org_selectors
from ambassade.orgs.models import Membership

router = Router(tags=["job offers"])
writers_auth = TokenAuth(
    roles=selectors.JOB_WRITERS, refusal=gettext_lazy("Only recruiters and HR admins can change job offers.")
)


def _upper(value: str) -> str:
    return value.upper()


CountryCode = Annotated[
    str, Field(pattern=r"^[A-Za-z]{2}$", description="ISO 3166 two-letter code"), AfterValidator(_upper)
]
Currency = Annotated[
    str, Field(pattern=r"^[A-Za-z]{3}$", description="ISO 4217 code"), AfterValidator(_upper)
]
Amount = Annotated[Decimal, Field(ge=0, max_digits=10, decimal_places=2)]


class LocationIn(WriteInput):
    street: Text = Field("", max_length=200)
    postal_code: Text = Field("", max_length=20)
    city: Text = Field(min_length=1, max_length=120)
    region: Text = Field("", max_length=120)
    country: CountryCode


class LocationOut(Schema):
    street: str
    postal_code: str
    city: str
    region: str
    country: str


class JobTextIn(WriteInput):
    title: Text = Field(min_length=1, max_length=200)
    description: Text = Field(
        min_length=1, max_length=100_000, description="HTML; only basic formatting tags are kept."
    )


class JobTextOut(Schema):
    title: str
    description: str


class JobOut(Schema):
    id: int
    entity: int
    department: int | None
    reference: str
    category: str
    contract_type: JobOffer.Contract
    remote_policy: JobOffer.Remote
    locations: list[LocationOut]
    remote_countries: list[str]
    salary_min: float | None
    salary_max: float | None
    salary_currency: str
    salary_period: JobOffer.SalaryPeriod
    status: JobOffer.Status
    is_open: bool
    publish_at: datetime | None
    published_at: datetime | None
    closes_on: date | None
    closed_at: datetime | None
    texts: dict[str, JobTextOut]
    url: str | None = Field(description="The job page on the entity's career site, once published.")
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_entity(obj: JobOffer) -> int:
        return obj.entity_id

    @staticmethod
    def resolve_department(obj: JobOffer) -> int | None:
        return obj.department_id

    @staticmethod
    def resolve_locations(obj: JobOffer) -> list[dict[str, str]]:
        return [location.as_dict() for location in selectors.offer_locations(obj)]

    @staticmethod
    def resolve_texts(obj: JobOffer) -> dict[str, dict[str, str]]:
        return {t.language: {"title": t.title, "description": t.description} for t in obj.translations.all()}

    @staticmethod
    def resolve_url(obj: JobOffer) -> str | None:
        return selectors.job_offer_public_url(obj) if obj.published_at else None


StatusIn = Literal["draft", "scheduled", "published", "closed"]
OfferStatus = JobOffer.Status


class JobIn(WriteInput):
    entity: Id
    department: Id | None = None
    reference: Text = Field(min_length=1, max_length=40)
    category: Text = Field("", max_length=80)
    contract_type: JobOffer.Contract
    remote_policy: JobOffer.Remote = JobOffer.Remote.ON_SITE
    locations: list[LocationIn] = Field(default_factory=list, max_length=50)
    remote_countries: list[CountryCode] = Field(default_factory=list, max_length=50)
    salary_min: Amount | None = None
    salary_max: Amount | None = None
    salary_currency: Currency = "EUR"
    salary_period: JobOffer.SalaryPeriod = JobOffer.SalaryPeriod.YEAR
    closes_on: date | None = None
    texts: dict[Language, JobTextIn] = Field(
        min_length=1, description='Per language: {"fr": {...}, "en": {...}}.'
    )
    status: Literal["draft", "scheduled", "published"] = "draft"
    publish_at: datetime | None = Field(None, description='When status is "scheduled".')


class JobPatch(WriteInput):
    entity: Id = kept()
    department: Id | None = None
    reference: Text = kept(min_length=1, max_length=40)
    category: Text = kept(max_length=80)
    contract_type: JobOffer.Contract = kept()
    remote_policy: JobOffer.Remote = kept()
    locations: list[LocationIn] = kept(max_length=50)
    remote_countries: list[CountryCode] = kept(max_length=50)
    salary_min: Amount | None = None
    salary_max: Amount | None = None
    salary_currency: Currency = kept()
    salary_period: JobOffer.SalaryPeriod = kept()
    closes_on: date | None = None
    texts: dict[Language, JobTextIn | None] = kept(
        description="Languages given are replaced; null removes one."
    )
    status: StatusIn = kept()
    publish_at: datetime | None = None


class JobQuery(Schema):
    entity: Id | None = Field(None, description="Only the offers of this entity.")
    status: JobOffer.Status | None = Field(None, description="Only the offers in this status.")
    q: Text = Field("", max_length=200, description="Words found in the reference, category, title or text.")


# --- endpoints ------------------------------------------------------------------------------------


@router.get("/jobs/", response=list[JobOut], summary="List job offers")
@paginate(ApiPagination)
def job_list(request: HttpRequest, filters: Query[JobQuery]) -> QuerySet[JobOffer]:
    membership = request_membership(request)
    entity = None
    if filters.entity is not None:
        entity = org_selectors.entity_list(membership=membership).filter(pk=filters.entity).first()
        if entity is None:
            raise invalid_parameter(
                loc=["query", "entity"], message=_("No entity has the id %(id)s.") % {"id": filters.entity}
            )
    query = selectors.JobOfferFilters(
        query=filters.q, status=filters.status or "", entity_id=entity.pk if entity else None
    )
    return selectors.job_offer_list(membership=membership, filters=query).order_by("-created_at", "-pk")


@router.get("/jobs/{id}", response=JobOut, summary="Get a job offer")
def job_get(request: HttpRequest, id: Id) -> JobOffer:
    return selectors.job_offer_get_for_user(membership=request_membership(request), pk=id)


@router.post("/jobs/", response={201: JobOut}, auth=writers_auth, summary="Create a job offer")
def job_create(request: HttpRequest, payload: JobIn) -> Status[JobOffer]:
    membership = request_membership(request)
    values = payload.model_dump()
    return Status(201, _job_save(membership, None, values))


@router.patch("/jobs/{id}", response=JobOut, auth=writers_auth, summary="Change a job offer")
def job_update(request: HttpRequest, id: Id, payload: JobPatch) -> JobOffer:
    membership = request_membership(request)
    offer = selectors.job_offer_get_for_user(membership=membership, pk=id)
    return _job_save(membership, offer, payload.model_dump(exclude_unset=True))


def _job_save(membership: Membership, offer: JobOffer | None, values: dict[str, Any]) -> JobOffer:
    status = values.pop("status", None)
    publish_at = values.pop("publish_at", None)
    try:
        with transaction.atomic():
            _resolve_links(membership, offer, values)
            if "texts" in values:
                values["texts"] = {
                    language: OfferTextInput(**text) if text else None
                    for language, text in values["texts"].items()
                }
            saved = services.job_offer_save(
                actor=membership.user, organisation=membership.organisation, offer=offer, **values
            )
            _status_apply(membership, saved, status, publish_at)
    except ValidationError as error:
        raise _named_for_api(error) from error
    return selectors.job_offer_get_for_user(membership=membership, pk=saved.pk)


def _resolve_links(membership: Membership, offer: JobOffer | None, values: dict[str, Any]) -> None:
    lookups = {
        "entity": org_selectors.entity_list(membership=membership),
        "department": org_selectors.department_list(membership=membership),
    }
    for name, queryset in lookups.items():
        if name in values and values[name] is not None:
            found = queryset.filter(pk=values[name]).first()
            if found is None:
                raise ValidationError({name: _("No %(model)s has the id %(id)s.") % {
                    "model": queryset.model._meta.verbose_name, "id": values[name]}})  # fmt: skip
            values[name] = found
    # The service checks that the department belongs to the entity: give it both.
    if offer is not None and ("entity" in values or "department" in values):
        values.setdefault("entity", offer.entity)
        values.setdefault("department", offer.department)


def _status_apply(
    membership: Membership, offer: JobOffer, status: str | None, publish_at: datetime | None
) -> None:
    actor = membership.user
    if status is None or (status == offer.status and status != OfferStatus.SCHEDULED):
        return
    if status == OfferStatus.PUBLISHED:
        if offer.status == OfferStatus.CLOSED:
            services.job_offer_reopen(actor=actor, offer=offer)
        else:
            services.job_offer_publish(actor=actor, offer=offer)
    elif status == OfferStatus.SCHEDULED:
        if publish_at is None:
            raise ValidationError({"publish_at": _("Give the moment of publication of a scheduled offer.")})
        if offer.status == OfferStatus.SCHEDULED:
            services.job_offer_unschedule(actor=actor, offer=offer)
        services.job_offer_schedule(actor=actor, offer=offer, publish_at=publish_at)
    elif status == OfferStatus.CLOSED:
        services.job_offer_close(actor=actor, offer=offer)
    elif status == OfferStatus.DRAFT:
        if offer.status != OfferStatus.SCHEDULED:
            raise ValidationError({"status": _("A published or closed offer cannot become a draft again.")})
        services.job_offer_unschedule(actor=actor, offer=offer)


def _named_for_api(error: ValidationError) -> ValidationError:
    """The services name the web form's fields (title_fr); the API's body says texts.fr.title."""
    if not hasattr(error, "error_dict"):
        return error
    renamed: dict[str, Any] = {}
    for name, errors in error.error_dict.items():
        if name.startswith(("title_", "description_")):
            part, _sep, language = name.partition("_")
            name = f"texts.{language}.{part}"
        elif name == NON_FIELD_ERRORS:
            renamed.setdefault(name, []).extend(errors)
            continue
        renamed[name] = errors
    return ValidationError(renamed)
