"""Demo step: about 120 applications across the demo's job offers, at every stage, with notes.

Runs after the job offers and tracked links steps. Some applications came through the demo's tracked
links (their channel follows); the rest came directly. Candidates have example.* addresses and no CV.
Dates stay within the last 75 days, so that the retention job erases nothing of the demo on its first run.

In generate.py, after the steps it depends on:

    DemoStep("applications", applications.applications_create),

and in `demo_delete`, before job offers and entities (they are PROTECTed by applications):

    applications.applications_delete(organisation=organisation)
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone, translation

from ambassade.careers.applications import DIRECT, consent_text, talent_pool_text
from ambassade.careers.models import Application, ApplicationNote, JobOffer
from ambassade.links.models import TrackedLink
from ambassade.orgs.models import Entity, Organisation

if TYPE_CHECKING:
    from ambassade.demo.generate import DemoContext

APPLICATIONS = 120
SPONTANEOUS_SHARE = 0.08
LINKED_SHARE = 0.55  # of applications to an offer that has tracked links
TALENT_POOL_SHARE = 0.3
ENGLISH_SHARE = 0.1
OLDEST_DAYS = 75
# (stage, weight): most applications are early in the pipeline.
STAGES = [
    (Application.Stage.RECEIVED, 30),
    (Application.Stage.SCREENING, 20),
    (Application.Stage.INTERVIEW, 15),
    (Application.Stage.OFFER, 5),
    (Application.Stage.HIRED, 8),
    (Application.Stage.REJECTED, 22),
]
DECISIONS = {Application.Stage.HIRED, Application.Stage.REJECTED}
NOTES = {
    Application.Stage.SCREENING: ["CV solide, à appeler.", "Profil intéressant, expérience un peu courte."],
    Application.Stage.INTERVIEW: [
        "Entretien téléphonique positif : bonne connaissance du secteur public.",
        "Premier entretien fixé avec le chef de service.",
    ],
    Application.Stage.OFFER: ["Proposition envoyée, réponse attendue sous huit jours."],
    Application.Stage.HIRED: ["A accepté la proposition. Arrivée prévue le mois prochain."],
    Application.Stage.REJECTED: [
        "Expérience insuffisante sur le poste ; réponse envoyée.",
        "Candidature retenue sur un autre poste ailleurs, s'est désistée.",
    ],
}
MESSAGES = [
    "Votre offre correspond exactement à ce que je cherche. Je serais ravie d'en parler avec vous.",
    "Je travaille depuis cinq ans dans une collectivité voisine et souhaite rejoindre vos équipes.",
    "Un ami qui travaille chez vous m'a transmis cette offre : je me permets de postuler.",
    "",
]


def applications_create(context: DemoContext) -> None:
    offers = list(
        JobOffer.objects.filter(organisation=context.organisation)
        .filter(status__in=[JobOffer.Status.PUBLISHED, JobOffer.Status.CLOSED], published_at__isnull=False)
        .select_related("entity")
        .order_by("pk")
    )
    if not offers:
        return
    links_by_offer: dict[int, list[TrackedLink]] = defaultdict(list)
    for link in TrackedLink.objects.filter(organisation=context.organisation, job__isnull=False).order_by(
        "pk"
    ):
        links_by_offer[link.job_id].append(link)  # type: ignore[index]  # job is set: filtered above
    entities = sorted({offer.entity for offer in offers}, key=lambda entity: entity.pk)
    with translation.override("fr"):
        consent = consent_text(organisation=context.organisation)
        pool = talent_pool_text(organisation=context.organisation)
    applications = [
        _application(context, offers, entities, links_by_offer, consent=consent, pool=pool)
        for _ in range(APPLICATIONS)
    ]
    Application.objects.bulk_create(applications, batch_size=500)
    # created_at is set on insert; the demo's applications arrived over the last weeks.
    for application in applications:
        application.created_at = application.consent_at
    Application.objects.bulk_update(applications, ["created_at"], batch_size=500)
    _notes_create(context, applications)


def _application(
    context: DemoContext,
    offers: list[JobOffer],
    entities: list[Entity],
    links_by_offer: dict[int, list[TrackedLink]],
    *,
    consent: str,
    pool: str,
) -> Application:
    rng, faker = context.rng, context.faker
    offer: JobOffer | None = None if rng.random() < SPONTANEOUS_SHARE else rng.choice(offers)
    entity = offer.entity if offer is not None else rng.choice(entities)
    received = _moment(context, days_ago=rng.randint(1, OLDEST_DAYS))
    if offer is not None and offer.published_at is not None and received < offer.published_at:
        received = min(offer.published_at + timedelta(hours=rng.randint(2, 72)), timezone.now())
    stage = rng.choices([stage for stage, _ in STAGES], weights=[weight for _, weight in STAGES])[0]
    moved = min(received + timedelta(days=rng.randint(2, 20)), timezone.now())
    if stage == Application.Stage.RECEIVED:
        moved = received
    links = links_by_offer.get(offer.pk, []) if offer is not None else []
    link = rng.choice(links) if links and rng.random() < LINKED_SHARE else None
    female = rng.random() < 0.5
    first_name = faker.first_name_female() if female else faker.first_name_male()
    last_name = faker.last_name()
    talent_pool = rng.random() < TALENT_POOL_SHARE
    return Application(
        organisation=context.organisation,
        entity=entity,
        offer=offer,
        first_name=first_name,
        last_name=last_name,
        email=_email(first_name, last_name, number=rng.randint(1, 99), domain=rng.choice(["org", "net"])),
        phone=faker.phone_number(),
        message=rng.choice(MESSAGES),
        language="en" if rng.random() < ENGLISH_SHARE else "fr",
        consent_at=received,
        consent_text=f"{consent}\n{pool}" if talent_pool else consent,
        talent_pool=talent_pool,
        stage=stage,
        stage_changed_at=moved,
        decided_at=moved if stage in DECISIONS else None,
        last_contact_at=moved,
        source_link=link,
        source_channel=link.channel if link is not None else DIRECT,
    )


def _notes_create(context: DemoContext, applications: list[Application]) -> None:
    author = context.users.get("recruiter")
    notes = []
    for application in applications:
        for text in NOTES.get(Application.Stage(application.stage), [])[: context.rng.randint(0, 2)]:
            notes.append(
                ApplicationNote(application=application, author=author, text=text)  # type: ignore[misc]
            )
    ApplicationNote.objects.bulk_create(notes, batch_size=500)
    by_application = {application.pk: application for application in applications}
    for note in notes:
        note.created_at = by_application[note.application_id].stage_changed_at
    ApplicationNote.objects.bulk_update(notes, ["created_at"], batch_size=500)


def _moment(context: DemoContext, *, days_ago: int) -> datetime:
    day: date = context.today - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(9 + days_ago % 9, (days_ago * 7) % 60)))


def _email(first_name: str, last_name: str, *, number: int, domain: str) -> str:
    return f"{_ascii(first_name)}.{_ascii(last_name)}{number}@example.{domain}"


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(character for character in plain if character.isalnum()) or "candidat"


def applications_delete(*, organisation: Organisation) -> None:
    """For demo_delete: applications PROTECT the offers and entities they point to."""
    Application.objects.filter(organisation=organisation).delete()
