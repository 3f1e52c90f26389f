"""Demo step: a running ambassador programme, launched six months ago.

About 30% of the staff enrolled, in the cascade seed 001 describes (executives and directors first, then
line managers, then agents), some invited who have not answered yet, a few who withdrew; social accounts
with follower histories; profile checklists in progress; a content hub of about thirty items (job offers,
news, events, video testimonials, advice) with suggested texts; and six months of shares, each with the
ambassador's tracked link and its clicks (human ones and dropped ones), confirmed shares, activity days,
points, badges and the daily adoption snapshots that draw the curve.

Runs after the tracked links (and before the applications, which then come through ambassadors' links).
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from ambassade.ambassadors.models import (
    ActivityDay,
    Ambassador,
    ChecklistTick,
    ConsentRecord,
    ContentItem,
    DigestFrequency,
    Expertise,
    FollowerCount,
    Network,
    PointsEntry,
    Share,
    SocialAccount,
    SuggestedText,
)
from ambassade.ambassadors.programme import CONSENT_VERSION, programme_get
from ambassade.careers.models import JobOffer
from ambassade.demo.generate import DemoContext
from ambassade.links.models import Click, RollupWatermark, TrackedLink
from ambassade.links.rollups import clicks_roll_up
from ambassade.links.services import CODE_ALPHABET, CODE_LENGTH
from ambassade.orgs.models import Organisation, Person

LAUNCH_DAYS_AGO = 182
ENROLLED_SHARE = 0.30
INVITED_WAITING = 70
WITHDRAWN = 18
SHARE_WATERMARK = "ambassadors"
# Chance of enrolling, and the mean delay after launch (days), per audience: the cascade of seed 001.
CASCADE = {
    "direction-generale": (0.9, 8),
    "directeurs": (0.75, 20),
    "encadrants": (0.45, 45),
    "agents": (0.30, 75),
}
# Share of ambassadors who keep sharing (the others try once or twice, then stop).
REGULAR_SHARE = 0.45
DEMO_ACCOUNTS = ("employee", "comms", "manager", "admin")

NEWS = [
    (
        "Forum de l'emploi public : nous y serons",
        "actualites/forum-emploi",
        "Rendez-vous au forum de l'emploi public : nos équipes présentent leurs métiers.",
        "Meet our teams at the public-sector job fair.",
    ),
    (
        "Le numérique recrute : dix métiers à découvrir",
        "actualites/nouveaux-metiers-numerique",
        "Dix métiers du numérique à découvrir à la Région, de la donnée à la cybersécurité.",
        "Ten digital jobs to discover at the Region, from data to cybersecurity.",
    ),
    (
        "Alternance : la Région accueille 120 apprentis",
        "actualites/alternance",
        "Cette année, 120 apprentis rejoignent nos services : et si c'était vous ?",
        "This year 120 apprentices join our services: why not you?",
    ),
    (
        "Nos lycées rénovés : un chantier de 200 M€",
        "actualites/lycees-renoves",
        "Architectes, techniciens, gestionnaires : découvrez qui rénove nos lycées.",
        "Architects, technicians, managers: meet the people renovating our high schools.",
    ),
    (
        "Transports : la nouvelle ligne de bus express",
        "actualites/bus-express",
        "La ligne express est ouverte : merci aux équipes mobilités !",
        "The express bus line is open: thanks to our mobility teams!",
    ),
]
EVENTS = [
    (
        "Journée portes ouvertes des métiers",
        "evenements/portes-ouvertes",
        "Venez découvrir nos métiers lors de la journée portes ouvertes.",
        "Discover our jobs at our open day.",
    ),
    (
        "Webinaire : travailler dans la fonction publique territoriale",
        "evenements/webinaire-fpt",
        "Concours, contrats, carrières : un webinaire pour tout comprendre.",
        "Exams, contracts, careers: a webinar to understand it all.",
    ),
]
VIDEOS = [
    (
        "Témoignage : Inès, ingénieure mobilité",
        "videos/ines-ingenieure",
        "Inès raconte son quotidien d'ingénieure mobilité à la Région.",
        "Inès tells what her days as a mobility engineer look like.",
    ),
    (
        "Témoignage : Karim, agent des lycées",
        "videos/karim-agent-lycees",
        "Karim, agent des lycées depuis 12 ans, parle de son métier.",
        "Karim, who has worked in our high schools for 12 years, talks about his job.",
    ),
]
ADVICE = [
    (
        "Réussir son entretien de recrutement",
        "conseils/entretien",
        "Nos recruteurs partagent leurs conseils pour préparer un entretien.",
        "Our recruiters share their advice for preparing an interview.",
    ),
    (
        "Contractuel ou titulaire : comment postuler",
        "conseils/contractuel-titulaire",
        "Contractuel ou fonctionnaire : tout ce qu'il faut savoir pour postuler.",
        "Contract staff or civil servant: what to know before applying.",
    ),
]
Spec = tuple[str, str, str, str]  # title, address on the site, French summary, English summary
HASHTAGS = {"fr": "#emploipublic #recrutement", "en": "#publicsector #hiring"}


def programme_delete(*, organisation: Organisation) -> None:
    """Content items refer to job offers, which the careers step deletes after this."""
    ContentItem.objects.filter(organisation=organisation).delete()


def programme_create(context: DemoContext) -> None:
    programme = programme_get(organisation=context.organisation)
    programme.name = "Ambassadeurs d'Île-de-Seine"
    programme.launched_on = context.today - timedelta(days=LAUNCH_DAYS_AGO)
    programme.save()
    items = _content_items(context)
    ambassadors = _ambassadors(context)
    _accounts(context, ambassadors)
    _checklists(context, ambassadors)
    _shares(context, ambassadors, items)
    _later_parts(context)


# --- content ---------------------------------------------------------------------------------------


def _content_items(context: DemoContext) -> list[ContentItem]:
    rng = context.rng
    author = context.users.get("comms")
    approver = context.users.get("admin")
    items: list[ContentItem] = []
    specs: list[tuple[str, Spec | JobOffer]] = []
    specs += [(ContentItem.Kind.NEWS, spec) for spec in NEWS]
    specs += [(ContentItem.Kind.EVENT, spec) for spec in EVENTS]
    specs += [(ContentItem.Kind.VIDEO, spec) for spec in VIDEOS]
    specs += [(ContentItem.Kind.ADVICE, spec) for spec in ADVICE]
    offers = [offer for offer in JobOffer.objects.filter(organisation=context.organisation) if offer.is_open]
    specs += [(ContentItem.Kind.JOB, offer) for offer in offers[:14]]
    rng.shuffle(specs)
    for index, (kind, spec) in enumerate(specs):
        # Spread over the six months, newest last; the last three are a draft, one in review, one scheduled.
        days_ago = LAUNCH_DAYS_AGO - 4 - round(index * (LAUNCH_DAYS_AGO - 10) / max(len(specs) - 1, 1))
        status = ContentItem.Status.PUBLISHED
        if index == len(specs) - 1:
            status, days_ago = ContentItem.Status.DRAFT, -6
        elif index == len(specs) - 2:
            status, days_ago = ContentItem.Status.IN_REVIEW, -3
        elif index == len(specs) - 3:
            days_ago = -2  # published, goes out in two days
        start = _moment(context, days_ago=days_ago, hour=9)
        item = ContentItem(
            organisation=context.organisation,
            kind=kind,
            publish_from=start,
            publish_until=start + timedelta(days=45) if kind != ContentItem.Kind.ADVICE else None,
            status=status,
            created_by=author,  # type: ignore[misc]  # the demo's comms user
            submitted_by=author if status != ContentItem.Status.DRAFT else None,
            approved_by=approver if status == ContentItem.Status.PUBLISHED else None,
            published_at=start if status == ContentItem.Status.PUBLISHED else None,
        )
        if isinstance(spec, JobOffer):
            item.job = spec
            item.title = str(spec)[:200]
            item.summary = f"{item.title} : une offre à partager dans votre réseau."
        else:
            item.title, path, item.summary, _english = spec
            item.target_url = f"{settings.SITE_URL}/{path}"
        items.append(item)
    ContentItem.objects.bulk_create(items)
    _texts_create(items, specs)
    return [item for item in items if item.status == ContentItem.Status.PUBLISHED]


def _texts_create(items: list[ContentItem], specs: list[tuple[str, Spec | JobOffer]]) -> None:
    texts = []
    for item, (_kind, spec) in zip(items, specs, strict=True):
        english = f"{item.title}: an opening to share." if isinstance(spec, JobOffer) else spec[3]
        for language, summary in (("fr", item.summary), ("en", english)):
            tags = HASHTAGS[language]
            variants = {
                Network.LINKEDIN: [
                    f"{summary}\n\n{_linkedin_call(language)}\n\n{tags}",
                    f"{_linkedin_opening(language)} {summary}\n\n{tags}",
                ],
                Network.X: [f"{summary} {tags}"[:240], f"{_short_call(language)} {item.title}"[:240]],
                Network.MASTODON: [f"{summary}\n\n{tags}"],
                Network.BLUESKY: [f"{summary}"[:250]],
            }
            for network, bodies in variants.items():
                texts += [
                    SuggestedText(item=item, network=network, language=language, variant=number, text=body)
                    for number, body in enumerate(bodies, start=1)
                ]
    SuggestedText.objects.bulk_create(texts)


def _linkedin_call(language: str) -> str:
    if language == "fr":
        return "Partagez autour de vous : c'est peut-être le poste qu'attend quelqu'un de votre réseau."
    return "Please share: someone in your network may be waiting for this very job."


def _linkedin_opening(language: str) -> str:
    return "Fier·e de travailler à la Région :" if language == "fr" else "Proud to work at the Region:"


def _short_call(language: str) -> str:
    return "À partager :" if language == "fr" else "Worth sharing:"


# --- enrolment ---------------------------------------------------------------------------------------


def _ambassadors(context: DemoContext) -> list[Ambassador]:
    """Enrolled people with their consent, the invited who have not answered, and a few who withdrew."""
    rng = context.rng
    staff = [person for person in context.people if person.is_active and person.email]
    demo_people = _demo_people(context)
    target = round(ENROLLED_SHARE * len(staff))
    chosen: dict[int, int] = {}  # person id -> days after launch
    for person in demo_people:
        chosen[person.pk] = rng.randint(1, 20)
    for person in rng.sample(staff, len(staff)):
        if len(chosen) >= target:
            break
        slug = person.audience.slug if person.audience else "agents"
        chance, delay = CASCADE.get(slug, CASCADE["agents"])
        days = int(rng.expovariate(1 / delay)) + 1
        if person.pk not in chosen and rng.random() < chance and days < LAUNCH_DAYS_AGO:
            chosen[person.pk] = days
    others = [person for person in staff if person.pk not in chosen]
    waiting = rng.sample(others, INVITED_WAITING)
    by_id = {person.pk: person for person in staff}
    ambassadors = [_enrolled(context, by_id[pk], days) for pk, days in chosen.items()]
    ambassadors += [_invited(context, person) for person in waiting]
    withdrawing = rng.sample(
        [a for a in ambassadors if a.person not in demo_people and a.enrolled_at], WITHDRAWN
    )
    for ambassador in withdrawing:
        assert ambassador.enrolled_at is not None
        ambassador.status = Ambassador.Status.WITHDRAWN
        ambassador.withdrawn_at = ambassador.enrolled_at + timedelta(days=rng.randint(10, 60))
        ambassador.leaderboard_opt_in = False
        ambassador.digest_frequency = DigestFrequency.NEVER
    Ambassador.objects.bulk_create(ambassadors, batch_size=500)
    _consents_create(ambassadors)
    return [ambassador for ambassador in ambassadors if ambassador.status == Ambassador.Status.ENROLLED]


def _demo_people(context: DemoContext) -> list[Person]:
    people = []
    for username in DEMO_ACCOUNTS:
        membership = getattr(context.users.get(username), "membership", None)
        if membership is not None and membership.person is not None:
            people.append(membership.person)
    return people


def _enrolled(context: DemoContext, person: Person, days_after_launch: int) -> Ambassador:
    rng = context.rng
    joined = _moment(context, days_ago=LAUNCH_DAYS_AGO - days_after_launch, hour=11)
    demo = person in _demo_people(context)
    return Ambassador(
        organisation=context.organisation,
        person=person,
        status=Ambassador.Status.ENROLLED,
        invited_at=joined - timedelta(days=rng.randint(0, 6), hours=rng.randint(1, 8)),
        enrolled_at=joined,
        consent_version=CONSENT_VERSION,
        expertise=rng.choices(list(Expertise.values), [55, 35, 10])[0],
        digest_frequency=rng.choices(list(DigestFrequency.values), [8, 70, 12, 10])[0],
        leaderboard_opt_in=demo or rng.random() < 0.4,
        show_name_in_network=demo or rng.random() < 0.3,
    )


def _invited(context: DemoContext, person: Person) -> Ambassador:
    return Ambassador(
        organisation=context.organisation,
        person=person,
        status=Ambassador.Status.INVITED,
        invited_at=_moment(context, days_ago=context.rng.randint(2, 40), hour=10),
        invitation_nonce=f"{context.rng.getrandbits(64):016x}",
    )


def _consents_create(ambassadors: list[Ambassador]) -> None:
    records = []
    for ambassador in ambassadors:
        if ambassador.enrolled_at is None:
            continue
        records.append(
            ConsentRecord(
                ambassador=ambassador,
                action=ConsentRecord.Action.GIVEN,
                text_version=CONSENT_VERSION,
                at=ambassador.enrolled_at,
            )
        )
        if ambassador.withdrawn_at is not None:
            records.append(
                ConsentRecord(
                    ambassador=ambassador,
                    action=ConsentRecord.Action.WITHDRAWN,
                    text_version=CONSENT_VERSION,
                    at=ambassador.withdrawn_at,
                )
            )
    ConsentRecord.objects.bulk_create(records, batch_size=1000)


# --- social accounts -------------------------------------------------------------------------------------


def _accounts(context: DemoContext, ambassadors: list[Ambassador]) -> None:
    rng = context.rng
    accounts: list[SocialAccount] = []
    base_followers: dict[int, int] = {}
    for ambassador in ambassadors:
        person = ambassador.person
        slug = _slug(f"{person.first_name}-{person.last_name}")
        reach = {Expertise.BEGINNER: 150, Expertise.INTERMEDIATE: 700, Expertise.EXPERT: 4000}
        followers = int(rng.lognormvariate(math.log(reach[Expertise(ambassador.expertise)]), 0.7))
        if rng.random() < 0.88:
            accounts.append(_account(ambassador, Network.LINKEDIN, f"https://www.linkedin.com/in/{slug}"))
            base_followers[len(accounts) - 1] = followers
        if rng.random() < 0.35:
            accounts.append(_account(ambassador, Network.X, f"@{slug.replace('-', '_')[:15]}"))
            base_followers[len(accounts) - 1] = followers // 3
        if rng.random() < 0.14:
            instance = rng.choice(["mastodon.social", "piaille.fr", "social.numerique.gouv.fr"])
            accounts.append(_account(ambassador, Network.MASTODON, f"{slug.replace('-', '')}@{instance}"))
            base_followers[len(accounts) - 1] = followers // 8
        if rng.random() < 0.10:
            accounts.append(_account(ambassador, Network.BLUESKY, f"{slug}.bsky.social"))
            base_followers[len(accounts) - 1] = followers // 6
    SocialAccount.objects.bulk_create(accounts, batch_size=1000)
    counts = []
    for index, followers in base_followers.items():
        account = accounts[index]
        enrolled = account.ambassador.enrolled_at
        assert enrolled is not None
        months = max(1, (timezone.now() - enrolled).days // 30)
        growth = rng.uniform(0.005, 0.06)  # per month: the trained and active grow faster
        for month in range(0, months + 1, 1 if rng.random() < 0.3 else 3):
            day = timezone.localdate(enrolled) + timedelta(days=30 * month)
            if day > context.today:
                break
            counts.append(
                FollowerCount(
                    account=account, counted_on=day, followers=round(followers * (1 + growth) ** month)
                )
            )
    FollowerCount.objects.bulk_create(counts, batch_size=1000)


def _account(ambassador: Ambassador, network: str, handle: str) -> SocialAccount:
    return SocialAccount(ambassador=ambassador, network=network, handle=handle)


def _slug(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(c if c.isalnum() else "-" for c in ascii_text).strip("-")[:40]


def _checklists(context: DemoContext, ambassadors: list[Ambassador]) -> None:
    from ambassade.ambassadors.checklist import CHECKLISTS

    rng = context.rng
    accounts = set(
        SocialAccount.objects.filter(ambassador__in=ambassadors).values_list("ambassador_id", "network")
    )
    ticks = []
    for ambassador in ambassadors:
        assert ambassador.enrolled_at is not None
        diligence = rng.random()
        for network, items in CHECKLISTS.items():
            if network != Network.LINKEDIN and (ambassador.pk, network) not in accounts:
                continue
            for item in items:
                if rng.random() < diligence:
                    done = ambassador.enrolled_at + timedelta(
                        days=rng.randint(0, 30), hours=rng.randint(0, 8)
                    )
                    ticks.append(
                        ChecklistTick(
                            ambassador=ambassador,
                            network=network,
                            item=item.key,
                            done_at=min(done, timezone.now()),
                        )
                    )
    ChecklistTick.objects.bulk_create(ticks, batch_size=1000)


# --- shares, clicks, activity, points --------------------------------------------------------------------


def _shares(context: DemoContext, ambassadors: list[Ambassador], items: list[ContentItem]) -> None:
    rng = context.rng
    programme = programme_get(organisation=context.organisation)
    visible = [item for item in items if item.publish_from <= timezone.now()]
    networks = [Network.LINKEDIN, Network.X, Network.MASTODON, Network.BLUESKY, Network.FACEBOOK]
    weights = [55, 16, 10, 8, 11]
    planned: list[tuple[Ambassador, ContentItem, str, datetime]] = []
    demo_people = _demo_people(context)
    for ambassador in ambassadors:
        regular = ambassador.person in demo_people or rng.random() < REGULAR_SHARE
        assert ambassador.enrolled_at is not None
        candidates = [
            item
            for item in visible
            if item.publish_until is None or item.publish_until > ambassador.enrolled_at
        ]
        if not candidates:
            continue
        count = rng.randint(4, 14) if regular else rng.choice([0, 1, 1, 2])
        for item in rng.sample(candidates, min(count, len(candidates))):
            opened = max(item.publish_from, ambassador.enrolled_at) + timedelta(
                days=int(rng.expovariate(1 / 6)), hours=rng.randint(0, 6)
            )
            if opened >= timezone.now() - timedelta(minutes=30):
                continue
            planned.append((ambassador, item, rng.choices(networks, weights)[0], opened))
    newest = max(visible, key=lambda item: item.publish_from)
    for ambassador in ambassadors:  # the demo accounts shared last week: they show as active
        if ambassador.person in demo_people:
            moment = timezone.now() - timedelta(days=rng.randint(2, 8), hours=rng.randint(0, 8))
            planned.append((ambassador, newest, Network.LINKEDIN, max(moment, newest.publish_from)))
    seen: set[tuple[int, int, str]] = set()
    planned = [p for p in planned if (key := (p[0].pk, p[1].pk, p[2])) not in seen and not seen.add(key)]  # type: ignore[func-returns-value]
    links = TrackedLink.objects.bulk_create(
        [_link(context, ambassador, item, network, opened) for ambassador, item, network, opened in planned],
        batch_size=500,
    )
    shares = Share.objects.bulk_create(
        [
            Share(
                organisation=context.organisation,
                item=item,
                ambassador=ambassador,
                network=network,
                link=link,
                own_text=rng.random() < 0.15,
                opened_at=opened,
            )
            for (ambassador, item, network, opened), link in zip(planned, links, strict=True)
        ],
        batch_size=500,
    )
    for link, (_ambassador, _item, _network, opened) in zip(links, planned, strict=True):
        link.created_at = link.updated_at = opened  # set on insert: put back the moment of sharing
    TrackedLink.objects.bulk_update(links, ["created_at", "updated_at"], batch_size=500)
    first_clicks = _clicks_create(context, links)
    _activity_and_points(context, programme.daily_points_cap, shares, first_clicks)


def _link(
    context: DemoContext, ambassador: Ambassador, item: ContentItem, network: str, opened: datetime
) -> TrackedLink:
    link = TrackedLink(
        organisation=context.organisation,
        code="".join(context.rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)),
        channel=network,
        ambassador=ambassador.person,
        created_by=None,
    )
    if item.job_id:
        link.target_type, link.job = TrackedLink.Target.JOB, item.job
    else:
        link.target_type, link.url = TrackedLink.Target.NEWS, item.target_url
    return link


def _clicks_create(context: DemoContext, links: list[TrackedLink]) -> dict[int, datetime]:
    """Human clicks in the days after each share, the drops around them; the first human click per link."""
    rng = context.rng
    latest = timezone.now() - timedelta(minutes=5)
    clicks: list[Click] = []
    first: dict[int, datetime] = {}
    for link in links:
        humans = int(rng.lognormvariate(1.2, 1.0)) if rng.random() < 0.8 else 0
        for reason, count in [
            ("", humans),
            (Click.Reason.BOT, humans // 2 + 1),
            (Click.Reason.DUPLICATE, humans // 6),
        ]:
            for _ in range(count):
                moment = min(link.created_at + timedelta(hours=rng.expovariate(1 / 30)), latest)
                clicks.append(
                    Click(
                        link=link, occurred_at=moment, visitor=f"{rng.getrandbits(256):064x}", reason=reason
                    )
                )
                if reason == "" and (link.pk not in first or moment < first[link.pk]):
                    first[link.pk] = moment
    Click.objects.bulk_create(clicks, batch_size=2000)
    clicks_roll_up(batch_size=5000)
    # The clicks are accounted for below: the programme's click job starts after them.
    last = Click.objects.order_by("-id").values_list("id", flat=True).first() or 0
    RollupWatermark.objects.update_or_create(name=SHARE_WATERMARK, defaults={"last_click_id": last})
    return first


def _activity_and_points(
    context: DemoContext, cap: int, shares: list[Share], first_clicks: dict[int, datetime]
) -> None:
    programme = programme_get(organisation=context.organisation)
    activity: dict[tuple[int, date], list[int]] = defaultdict(lambda: [0, 0])
    entries: list[PointsEntry] = []
    earned: dict[tuple[int, date], int] = defaultdict(int)
    human_clicks = _human_clicks_per_link_day([share.link_id for share in shares if share.link_id])

    def credit(ambassador: Ambassador, reason: str, source: str, points: int, at: datetime) -> None:
        key = (ambassador.pk, timezone.localdate(at))
        points = max(0, min(points, cap - earned[key]))
        if points:
            earned[key] += points
            entries.append(
                PointsEntry(
                    organisation=context.organisation,
                    ambassador=ambassador,
                    points=points,
                    reason=reason,
                    source=source,
                    created_at=at,
                )
            )

    credited: set[tuple[int, int, str]] = set()
    for share in sorted(shares, key=lambda share: share.opened_at):
        ambassador = share.ambassador
        assert ambassador is not None
        activity[(ambassador.pk, timezone.localdate(share.opened_at))][0] += 1
        if (ambassador.pk, share.item_id, share.network) not in credited:
            credited.add((ambassador.pk, share.item_id, share.network))
            credit(ambassador, PointsEntry.Reason.SHARE, f"share:{share.item_id}:{share.network}",
                   programme.points_share, share.opened_at)  # fmt: skip
        first = first_clicks.get(share.link_id or 0)
        if first is not None:
            share.confirmed_at = first
            credit(
                ambassador,
                PointsEntry.Reason.FIRST_CLICK,
                f"share:{share.pk}",
                programme.points_first_click,
                first,
            )
        for day, count in human_clicks.get(share.link_id or 0, {}).items():
            activity[(ambassador.pk, day)][1] += count
    Share.objects.bulk_update([s for s in shares if s.confirmed_at], ["confirmed_at"], batch_size=500)
    PointsEntry.objects.bulk_create(entries, batch_size=1000)
    rows = [
        ActivityDay(ambassador_id=pk, day=day, shares=counts[0], human_clicks=counts[1])
        for (pk, day), counts in activity.items()
    ]
    ActivityDay.objects.bulk_create(rows, batch_size=1000)
    last_day: dict[int, date] = {}
    for row in rows:
        last_day[row.ambassador_id] = max(row.day, last_day.get(row.ambassador_id, row.day))
    ambassadors = list(Ambassador.objects.filter(pk__in=last_day))
    for ambassador in ambassadors:
        ambassador.last_active_on = last_day[ambassador.pk]
    Ambassador.objects.bulk_update(ambassadors, ["last_active_on"], batch_size=500)


def _human_clicks_per_link_day(link_ids: list[int]) -> dict[int, dict[date, int]]:
    counts: dict[int, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for link_id, moment in Click.objects.filter(link_id__in=link_ids, reason="").values_list(
        "link_id", "occurred_at"
    ):
        counts[link_id][timezone.localdate(moment)] += 1
    return counts


def _moment(context: DemoContext, *, days_ago: int, hour: int) -> datetime:
    rng = context.rng
    day = context.today - timedelta(days=days_ago)
    naive = datetime.combine(day, time(min(max(hour + int(rng.gauss(0, 2)), 7), 21), rng.randrange(60)))
    return timezone.make_aware(naive)


def _later_parts(context: DemoContext) -> None:
    """Checklist points, badges and adoption snapshots, computed by the programme's own services."""
    from ambassade.ambassadors.adoption import adoption_snapshots_backfill
    from ambassade.ambassadors.recognition import badges_sweep, checklist_completions

    programme = programme_get(organisation=context.organisation)
    enrolled = Ambassador.objects.filter(organisation=context.organisation, status=Ambassador.Status.ENROLLED)
    completions = checklist_completions(ambassador_ids=enrolled.values_list("pk", flat=True))
    PointsEntry.objects.bulk_create(
        PointsEntry(
            organisation=context.organisation,
            ambassador_id=ambassador_id,
            points=programme.points_checklist,
            reason=PointsEntry.Reason.CHECKLIST,
            source=f"checklist:{network}",
            created_at=moment,
        )
        for ambassador_id, networks in completions.items()
        for network, moment in networks.items()
    )
    badges_sweep()
    adoption_snapshots_backfill(organisation=context.organisation, until=context.today)
