"""Demo step: campaigns, about 150 tracked links shared by about 40 ambassadors, and 90 days of clicks.

Runs after the people, the accounts and the job offers (links lead to the demo's open offers; with none,
to the career sites). Clicks are plausible: most come in the days after a link is shared, in the daytime,
with robots, link previews, duplicates, prefetches, HEAD requests and a few self-clicks dropped; they are
inserted in bulk, then rolled up, so that the dashboard shows a chart at once.

In generate.py, after the job offers step:

    DemoStep("tracked links", links.links_create),
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from ambassade.careers.models import JobOffer
from ambassade.demo.generate import DemoContext
from ambassade.links.models import Campaign, Channel, Click, TrackedLink
from ambassade.links.rollups import clicks_roll_up
from ambassade.links.services import CODE_ALPHABET, CODE_LENGTH
from ambassade.orgs.models import Person

LINKS = 150
AMBASSADORS = 40
DAYS = 90
CAMPAIGNS = [
    ("Forum de l'emploi public 2026", "forum-emploi-2026"),
    ("Recrutement numérique", "recrutement-numerique"),
    ("Alternance de la rentrée", "alternance-rentree"),
    ("Portes ouvertes des lycées", "portes-ouvertes"),
    ("Marque employeur : printemps", "marque-employeur-printemps"),
]
# (channel, weight): where staff share.
CHANNELS = [
    (Channel.LINKEDIN, 34),
    (Channel.FACEBOOK, 10),
    (Channel.X, 8),
    (Channel.MASTODON, 8),
    (Channel.BLUESKY, 7),
    (Channel.EMAIL, 13),
    (Channel.INTRANET, 12),
    (Channel.QR, 4),
    (Channel.OTHER, 4),
]
# Dropped requests per human click, by reason (preview robots dominate on the networks).
DROP_RATES = {
    Click.Reason.BOT: 0.45,
    Click.Reason.DUPLICATE: 0.12,
    Click.Reason.HEAD_REQUEST: 0.08,
    Click.Reason.PREFETCH: 0.05,
    Click.Reason.SELF_CLICK: 0.03,
}
NEWS = ["actualites/forum-emploi", "actualites/nouveaux-metiers-numerique", "actualites/alternance"]


def links_create(context: DemoContext) -> None:
    campaigns = Campaign.objects.bulk_create(
        Campaign(organisation=context.organisation, name=name, slug=slug) for name, slug in CAMPAIGNS
    )
    links = _links(context, campaigns)
    clicks = [click for link in links for click in _clicks(context, link)]
    Click.objects.bulk_create(clicks, batch_size=2000)
    clicks_roll_up(batch_size=5000)


def _ambassadors(context: DemoContext) -> list[Person]:
    active = [person for person in context.people if person.is_active and person.email]
    chosen = context.rng.sample(active, AMBASSADORS - 2)
    for username in ("employee", "comms"):  # the demo accounts have links of their own
        membership = getattr(context.users.get(username), "membership", None)
        if membership is not None and membership.person is not None and membership.person not in chosen:
            chosen.append(membership.person)
    return chosen


def _links(context: DemoContext, campaigns: list[Campaign]) -> list[TrackedLink]:
    rng = context.rng
    offers = [
        offer
        for offer in JobOffer.objects.filter(organisation=context.organisation).select_related("entity")
        if offer.is_open
    ]
    entities = [entity for entity in context.entities.values() if entity.is_active]
    ambassadors = _ambassadors(context)
    creator = context.users.get("comms")
    channels, weights = zip(*CHANNELS, strict=True)
    links, created = [], []
    for _ in range(LINKS):
        link = TrackedLink(
            organisation=context.organisation,
            code="".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)),
            channel=rng.choices(channels, weights)[0],
            ambassador=rng.choice(ambassadors) if rng.random() < 0.8 else None,
            campaign=rng.choice(campaigns) if rng.random() < 0.6 else None,
            created_by=creator,  # type: ignore[misc]  # the demo's comms user
        )
        kind = rng.random()
        if offers and kind < 0.7:
            link.target_type, link.job = TrackedLink.Target.JOB, rng.choice(offers)
        elif kind < 0.92 or not offers:
            link.target_type, link.entity = TrackedLink.Target.CAREER_PAGE, rng.choice(entities)
        else:
            link.target_type, link.url = TrackedLink.Target.NEWS, f"{settings.SITE_URL}/{rng.choice(NEWS)}"
        links.append(link)
        created.append(_moment(context, days_ago=rng.randint(1, DAYS)))
    links = TrackedLink.objects.bulk_create(links)
    for link, moment in zip(links, created, strict=True):
        link.created_at = link.updated_at = moment
    TrackedLink.objects.bulk_update(links, ["created_at", "updated_at"], batch_size=500)
    return links


def _clicks(context: DemoContext, link: TrackedLink) -> list[Click]:
    """Human clicks mostly in the first days after sharing, then a tail; drops in proportion."""
    rng = context.rng
    popularity = rng.lognormvariate(3.0, 0.8)  # a few links do very well, most get a few dozen clicks
    if link.channel in (Channel.INTRANET, Channel.EMAIL):
        popularity *= 0.6
    age = max((timezone.now() - link.created_at).days, 0)
    humans = int(popularity)
    clicks = [_click(context, link, age, reason="") for _ in range(humans)]
    for reason, rate in DROP_RATES.items():
        if reason == Click.Reason.SELF_CLICK and link.ambassador_id is None:
            continue
        count = sum(1 for _ in range(humans) if rng.random() < rate)
        clicks += [_click(context, link, age, reason=reason) for _ in range(count)]
    return clicks


def _click(context: DemoContext, link: TrackedLink, age: int, *, reason: str) -> Click:
    rng = context.rng
    days_after = int(rng.expovariate(1 / 4))
    if days_after > age:  # shared recently: the tail has not happened yet, spread over the days so far
        days_after = rng.randint(0, age)
    moment = _moment(context, days_ago=age - days_after)
    latest = timezone.now() - timedelta(minutes=5)
    return Click(
        link=link, occurred_at=min(moment, latest), visitor=f"{rng.getrandbits(256):064x}", reason=reason
    )


def _moment(context: DemoContext, *, days_ago: int) -> datetime:
    """A daytime moment (7:00 to 23:00, busier at lunch and in the evening) `days_ago` days back."""
    rng = context.rng
    hour = min(max(int(rng.choice([8, 10, 12, 13, 17, 19, 21]) + rng.gauss(0, 1.5)), 7), 22)
    day = context.today - timedelta(days=days_ago)
    naive = datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)))
    return timezone.make_aware(naive)
