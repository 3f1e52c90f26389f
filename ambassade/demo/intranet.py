"""The demo's intranet digest: a weekly digest for the whole organisation and one for an entity, each with
eight past weekly issues computed from the demo's activity, and a few confirmed subscribers.

Runs after every other step (it reads ambassadors' activity, shares, listening, job offers, training).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from ambassade.demo.generate import DemoContext
from ambassade.intranet.models import Digest, Issue, Subscription
from ambassade.intranet.schedule import last_slot
from ambassade.intranet.selectors import content_compute
from ambassade.orgs.models import organisation_zone

PAST_WEEKS = 8
SUBSCRIBERS = 6


def _issues(digest: Digest, now: datetime) -> list[Issue]:
    issues = []
    moment = now
    for _week in range(PAST_WEEKS):
        slot = last_slot(digest, moment)
        content = content_compute(digest=digest, start=slot.start, end=slot.end, now=slot.due_at)
        issues.append(
            Issue(
                digest=digest,
                period_start=slot.start,
                period_end=slot.end,
                published_at=slot.due_at,
                content=content,
                emailed_at=slot.due_at,
            )
        )
        moment = slot.due_at - timedelta(minutes=1)
    return issues


def intranet_create(context: DemoContext) -> None:
    organisation = context.organisation
    admin = context.users.get("comms") or context.users.get("admin")
    entities = [entity for entity in context.entities.values() if entity.parent_id is not None]
    digests = [
        Digest(
            organisation=organisation,
            title="Les nouvelles du réseau",
            languages=["fr", "en"],
            weekday=Digest.Weekday.MONDAY,
            hour=9,
            created_by=admin,  # type: ignore[misc]
        )
    ]
    if entities:
        entity = entities[0]
        digests.append(
            Digest(
                organisation=organisation,
                entity=entity,
                title=f"Les nouvelles · {entity.name}",
                languages=["fr"],
                weekday=Digest.Weekday.FRIDAY,
                hour=14,
                created_by=admin,  # type: ignore[misc]
            )
        )
    Digest.objects.bulk_create(digests)
    zone = organisation_zone(organisation)
    now = min(timezone.now(), datetime.combine(context.today, time(23, 0), tzinfo=zone))
    started = now - timedelta(weeks=PAST_WEEKS + 1)
    Digest.objects.filter(pk__in=[digest.pk for digest in digests]).update(created_at=started)
    issues = [issue for digest in digests for issue in _issues(digest, now)]
    people = [person for person in context.people if person.email]
    chosen = context.rng.sample(people, min(SUBSCRIBERS, len(people)))
    subscriptions = [
        Subscription(
            digest=digests[0],
            email=person.email,
            language=context.rng.choice(["fr", "fr", "fr", "en"]),
            confirmed_at=started + timedelta(days=context.rng.randint(0, 20)),
            last_sent_at=issues[0].published_at,
        )
        for person in chosen
    ]
    subscriptions.append(
        Subscription(digest=digests[0], email=context.faker.unique.email(), language="fr")  # still to confirm
    )
    Subscription.objects.bulk_create(subscriptions)
    confirmed = sum(1 for subscription in subscriptions if subscription.confirmed_at)
    for issue in issues:
        issue.recipients = confirmed if issue.digest_id == digests[0].pk else 0
    Issue.objects.bulk_create(issues)
