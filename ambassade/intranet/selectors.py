"""Reads of the intranet digest: definitions scoped by membership, issues, and the content of an issue.

The content of an issue is computed once, from the rollups and the published records of its period, and
frozen as JSON in the issue (`content_compute`): past digests never change, even when an item is
retitled or a person leaves. It holds no free text in a reader's language: labels are translated when
the issue is shown, and only the few texts that exist in both languages (theme names, offer titles) are
kept in both.

Scope of an entity or department digest: the people who became active, the new job offers and the
training sessions are filtered by it (sessions: those whose track's audience is held by someone in the
scope, plus tracks for everyone); the most shared items and the conversations are the organisation's.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Max, Q, QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify

from ambassade.ambassadors.models import ActivityDay, Ambassador, ContentItem, Share
from ambassade.ambassadors.programme import programme_get
from ambassade.careers.models import JobOffer
from ambassade.careers.selectors import job_offer_public_url
from ambassade.intranet.models import Digest, Issue, Subscription
from ambassade.intranet.schedule import period_bounds
from ambassade.orgs.models import Membership, Person
from ambassade.orgs.selectors import department_subtree

CONTENT_VERSION = 1
TOP_ITEMS = 5
TOP_CONVERSATIONS = 5
NAMED_PEOPLE = 30
OFFERS = 20
SESSIONS = 20
SESSIONS_AHEAD = timedelta(weeks=3)
QUOTE_LENGTH = 280
# The "my training" page of the training app, where people register.
TRAINING_URL_NAME = "training_mine"


# --- definitions ------------------------------------------------------------------------------------


def digest_list(*, membership: Membership) -> QuerySet[Digest]:
    return (
        Digest.objects.filter(organisation=membership.organisation)
        .select_related("organisation", "entity", "department")
        .annotate(
            subscribers=Count(
                "subscriptions", filter=Q(subscriptions__confirmed_at__isnull=False), distinct=True
            ),
            published=Count("issues", distinct=True),
        )
    )


def digest_list_to_read(*, membership: Membership) -> QuerySet[Digest]:
    """The digests a member may read from the app: all for programme admins; for a manager, those of
    their department and its sub-departments (department digests only: aggregates of their scope)."""
    from ambassade.ambassadors.selectors import is_programme_admin, scope_top

    digests = (
        Digest.objects.filter(organisation=membership.organisation)
        .select_related("entity", "department")
        .annotate(last_published_at=Max("issues__published_at"))
    )
    if is_programme_admin(membership):
        return digests
    top = scope_top(membership)
    if top is None:
        return digests.none()
    return digests.filter(department__path__startswith=top.path)


def digest_get_for_user(*, membership: Membership, pk: Any) -> Digest:
    try:
        return Digest.objects.select_related("organisation", "entity", "department").get(
            organisation=membership.organisation, pk=int(pk)
        )
    except (Digest.DoesNotExist, TypeError, ValueError) as error:
        raise Http404 from error


def digest_get_public(*, token: str) -> Digest:
    """The digest behind a public address (the token is the secret; inactive digests still show their
    past issues)."""
    digest = Digest.objects.select_related("organisation", "entity", "department").filter(token=token).first()
    if digest is None:
        raise Http404
    return digest


def issue_list(*, digest: Digest) -> QuerySet[Issue]:
    return Issue.objects.filter(digest=digest).order_by("-period_end", "-published_at", "-pk")


def issue_latest(*, digest: Digest) -> Issue | None:
    return issue_list(digest=digest).first()


def issue_get_public(*, digest: Digest, pk: Any) -> Issue:
    try:
        return Issue.objects.get(digest=digest, pk=int(pk))
    except (Issue.DoesNotExist, TypeError, ValueError) as error:
        raise Http404 from error


def subscribers(*, digest: Digest) -> QuerySet[Subscription]:
    return Subscription.objects.filter(digest=digest).order_by("email")


def subscriber_get(*, digest: Digest, pk: Any) -> Subscription:
    try:
        return Subscription.objects.get(digest=digest, pk=int(pk))
    except (Subscription.DoesNotExist, TypeError, ValueError) as error:
        raise Http404 from error


# --- content ----------------------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def training_url() -> str:
    """Where people register for sessions (the training app's own page), "" when it does not exist."""
    try:
        return _absolute(reverse(TRAINING_URL_NAME))
    except NoReverseMatch:
        return ""


def _people_in_scope(digest: Digest) -> QuerySet[Person]:
    people = Person.objects.filter(organisation=digest.organisation)
    if digest.entity_id is not None:
        people = people.filter(entity_id=digest.entity_id)
    if digest.department is not None:
        people = people.filter(department__in=department_subtree(digest.department))
    return people


def _became_active(digest: Digest, start: date, end: date) -> dict[str, Any]:
    """Enrolled ambassadors in scope active in the period (shares or human clicks) after a whole
    activity period without any: first-timers and those coming back. Named when they opted in to
    leaderboards, counted otherwise."""
    days = programme_get(organisation=digest.organisation).active_period_days
    busy = Q(shares__gt=0) | Q(human_clicks__gt=0)
    ambassadors = Ambassador.objects.filter(
        organisation=digest.organisation,
        status=Ambassador.Status.ENROLLED,
        person__in=_people_in_scope(digest).filter(is_active=True, erased_at__isnull=True),
    )
    active_now = set(
        ActivityDay.objects.filter(
            busy, ambassador__in=ambassadors, day__gte=start, day__lte=end
        ).values_list("ambassador_id", flat=True)
    )
    before = set(
        ActivityDay.objects.filter(
            busy, ambassador_id__in=active_now, day__gte=start - timedelta(days=days), day__lt=start
        ).values_list("ambassador_id", flat=True)
    )
    newly = Ambassador.objects.filter(pk__in=active_now - before).select_related("person")
    named = sorted(
        (f"{a.person.first_name} {a.person.last_name}".strip() for a in newly if a.leaderboard_opt_in),
        key=str.casefold,
    )
    total = len(active_now - before)
    return {"named": named[:NAMED_PEOPLE], "others": total - min(len(named), NAMED_PEOPLE), "total": total}


def _item_url(item: ContentItem) -> str:
    if item.job_id is not None and item.job is not None and item.job.published_at:
        return job_offer_public_url(item.job)
    url = item.target_url or ""
    return url if url.lower().startswith(("http://", "https://")) else ""


def _most_shared(digest: Digest, since: datetime, until: datetime) -> list[dict[str, Any]]:
    counts = (
        Share.objects.filter(organisation=digest.organisation, opened_at__gte=since, opened_at__lt=until)
        .values("item_id")
        .annotate(shares=Count("pk"))
        .order_by("-shares", "item_id")[:TOP_ITEMS]
    )
    shares = {row["item_id"]: row["shares"] for row in counts}
    items = ContentItem.objects.filter(pk__in=shares).select_related("job", "job__entity")
    rows = [
        {"title": item.title, "kind": item.kind, "url": _item_url(item), "shares": shares[item.pk]}
        for item in items
    ]
    return sorted(rows, key=lambda row: (-row["shares"], row["title"].casefold()))


def _anonymous_link(mention: Any) -> str:
    """The original's address, unless it names its author (as social networks' addresses do:
    x.com/<handle>/status/…, linkedin.com/posts/<first-last>_…): the digest never names them."""
    link = mention.link
    folded = link.lower()
    handle = mention.author_handle.strip().lstrip("@").lower()
    name = slugify(mention.author_name or "")
    if (handle and handle in folded) or (name and name in folded):
        return ""
    return link


def _conversations(digest: Digest, since: datetime, until: datetime) -> list[dict[str, Any]] | None:
    """The period's most read mentions of the organisation (not of competitors), positive or neutral,
    quoted without their authors; None when the organisation listens to nothing."""
    from ambassade.listening.models import Mention, Source

    if not Source.objects.filter(organisation=digest.organisation, competitor=False).exists():
        return None
    mentions = (
        Mention.objects.filter(
            organisation=digest.organisation,
            source__competitor=False,
            duplicate_of__isnull=True,
            published_at__gte=since,
            published_at__lt=until,
            sentiment__in=["positive", "neutral"],
        )
        .prefetch_related("themes")
        .order_by(F("reach").desc(nulls_last=True), "-published_at", "-pk")[:TOP_CONVERSATIONS]
    )
    rows = []
    for mention in mentions:
        text = " ".join((mention.title or mention.text).split())
        if len(text) > QUOTE_LENGTH:
            text = text[: QUOTE_LENGTH - 1].rsplit(" ", 1)[0] + "…"
        rows.append(
            {
                "text": text,
                "url": _anonymous_link(mention),
                "platform": mention.platform,
                "venue": mention.venue,
                "published_at": mention.published_at.isoformat(),
                "reach": mention.reach,
                "sentiment": mention.sentiment,
                "themes": [
                    {"fr": theme.name_fr or theme.slug, "en": theme.name_en or theme.name_fr or theme.slug}
                    for theme in mention.themes.all()
                    if theme.active
                ],
            }
        )
    return rows


def _new_offers(digest: Digest, since: datetime, until: datetime) -> list[dict[str, Any]]:
    offers = JobOffer.objects.filter(
        organisation=digest.organisation,
        status=JobOffer.Status.PUBLISHED,
        published_at__gte=since,
        published_at__lt=until,
        entity__is_active=True,
    )
    if digest.entity_id is not None:
        offers = offers.filter(entity_id=digest.entity_id)
    if digest.department is not None:
        offers = offers.filter(department__in=department_subtree(digest.department))
    rows = []
    for offer in (
        offers.select_related("entity").prefetch_related("translations").order_by("-published_at")[:OFFERS]
    ):
        titles = {text.language: text.title for text in offer.translations.all()}
        rows.append(
            {
                "titles": titles or {"fr": offer.reference},
                "entity": offer.entity.name,
                "cities": [place.get("city", "") for place in offer.locations if place.get("city")][:3],
                "url": job_offer_public_url(offer),
                "published_at": offer.published_at.isoformat() if offer.published_at else None,
            }
        )
    return rows


def _sessions(digest: Digest, moment: datetime) -> list[dict[str, Any]]:
    from ambassade.training.models import TrainingSession

    sessions = TrainingSession.objects.filter(
        organisation=digest.organisation,
        cancelled_at__isnull=True,
        starts_at__gte=moment,
        starts_at__lt=moment + SESSIONS_AHEAD,
    )
    if digest.entity_id is not None or digest.department_id is not None:
        audiences = _people_in_scope(digest).exclude(audience__isnull=True).values("audience_id")
        sessions = sessions.filter(Q(track__audience__isnull=True) | Q(track__audience_id__in=audiences))
    register = training_url()
    return [
        {
            "title": session.title,
            "kind": session.kind,
            "track": session.track.name,
            "starts_at": session.starts_at.isoformat(),
            "ends_at": session.ends_at.isoformat(),
            "place": session.place,
            "online": bool(session.online_url),
            "url": register,
        }
        for session in sessions.select_related("track").order_by("starts_at", "pk")[:SESSIONS]
    ]


def content_compute(*, digest: Digest, start: date, end: date, now: datetime | None = None) -> dict[str, Any]:
    """The content of the digest for the local dates start–end (inclusive), as of `now`."""
    now = now or timezone.now()
    since, until = period_bounds(digest, start, end)
    until = min(until, now)
    return {
        "version": CONTENT_VERSION,
        "title": digest.title,
        "organisation": digest.organisation.name,
        "scope": digest.department.name
        if digest.department
        else (digest.entity.name if digest.entity else ""),
        "time_zone": digest.organisation.time_zone,
        "active": _became_active(digest, start, end),
        "items": _most_shared(digest, since, until),
        "conversations": _conversations(digest, since, until),
        "offers": _new_offers(digest, since, until),
        "sessions": _sessions(digest, now),
        "computed_at": now.isoformat(),
    }
