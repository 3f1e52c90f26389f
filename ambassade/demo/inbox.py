"""The demo's candidate inbox: about 120 conversations over six months (network mentions marked question
or worry, "Ask us" questions, application messages), answered in realistic times by the team, canned
answers in French and English, and FAQ entries published on the main career site.

Runs after the listening step (it takes mentions whose intent is question or worry) and after the
applications (it takes those sent with a message). Deterministic: chance comes from context.rng.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from ambassade.demo.generate import DemoContext
from ambassade.inbox.models import CannedAnswer, Conversation, ConversationEvent, FaqEntry, Message

CONVERSATIONS = 120
DAYS = 183
MAIN_SITE = "siege"
CONSENT = (
    "J'accepte que l'organisation conserve mon nom, mon adresse e-mail et ma question pour me répondre, "
    "pendant 365 jours après la clôture de l'échange ; je peux les faire effacer à tout moment."
)

QUESTIONS_FR = [
    "Bonjour, le télétravail est-il possible sur les postes administratifs ?",
    "Combien de temps dure le processus de recrutement en général ?",
    "Est-ce que vous recrutez des apprentis en maintenance cette année ?",
    "Je n'ai pas eu de réponse à ma candidature d'il y a trois semaines, est-ce normal ?",
    "Les postes sont-ils ouverts aux contractuels ou seulement aux titulaires ?",
    "Quelle est la rémunération d'un technicien débutant chez vous ?",
    "Peut-on postuler à plusieurs offres en même temps ?",
    "Y a-t-il une mutuelle et des tickets restaurant ?",
    "Comment se passe l'entretien : combien d'étapes, avec qui ?",
    "Je suis en situation de handicap : comment adaptez-vous les entretiens ?",
    "Proposez-vous des stages de fin d'études au printemps ?",
    "J'ai peur que le poste soit supprimé avec la réorganisation, qu'en est-il ?",
]
QUESTIONS_EN = [
    "Hello, is remote work possible for office jobs?",
    "How long does your recruitment process usually take?",
    "Do you sponsor work visas for engineers?",
    "Can I apply in English or must my CV be in French?",
    "Is there a relocation package for people moving from abroad?",
    "I applied a month ago and heard nothing: is that normal?",
]
FAQ = [
    (
        "fr",
        "Le télétravail est-il possible ?",
        "Oui, jusqu'à deux jours par semaine sur les postes qui s'y prêtent, après la période d'essai.",
    ),
    (
        "fr",
        "Combien de temps dure le recrutement ?",
        "En général trois à cinq semaines entre la fin de la publication et la décision.",
    ),
    (
        "fr",
        "Peut-on postuler à plusieurs offres ?",
        "Oui : chaque candidature est lue ; dites dans votre message ce qui vous attire dans chacune.",
    ),
    (
        "fr",
        "Comment se passe l'entretien ?",
        "Un premier échange avec le ou la recrutrice, puis un entretien avec l'équipe ; "
        "parfois une mise en situation.",
    ),
    (
        "fr",
        "Comment adaptez-vous les entretiens en cas de handicap ?",
        "Dites-le nous quand nous vous contactons : horaires, accès, outils, tout peut être adapté.",
    ),
    (
        "fr",
        "Recrutez-vous des apprentis ?",
        "Oui, chaque année de septembre à novembre, dans la maintenance, les espaces verts "
        "et l'administration.",
    ),
    (
        "en",
        "Is remote work possible?",
        "Yes, up to two days a week for jobs that allow it, once the trial period is over.",
    ),
    (
        "en",
        "Can I apply in English?",
        "Yes: write in English or French, whichever you prefer; interviews can be held in English.",
    ),
    (
        "en",
        "How long does recruitment take?",
        "Usually three to five weeks between the end of the posting and our decision.",
    ),
]
CANNED = [
    (
        "Télétravail / remote work",
        "Bonjour {first_name}, oui : le télétravail est possible jusqu'à deux jours par semaine. Plus de "
        "réponses : {faq_url}",
        "Hello {first_name}, yes: remote work is possible up to two days a week. More answers: {faq_url}",
    ),
    (
        "Délai de réponse / response time",
        "Bonjour {first_name}, merci de votre patience : nous répondons à chaque candidature, en général "
        "sous trois semaines.",
        "Hello {first_name}, thank you for your patience: we answer every application, usually within three "
        "weeks.",
    ),
    (
        "Offres ouvertes / open offers",
        "Bonjour {first_name}, toutes nos offres ouvertes sont ici : {site_url}",
        "Hello {first_name}, all our open offers are here: {site_url}",
    ),
    (
        "Candidature reçue / application received",
        "Bonjour {name}, votre message au sujet de « {offer} » est bien arrivé : un recruteur vous répond "
        "rapidement.",
        "Hello {name}, your message about “{offer}” arrived: a recruiter will answer you soon.",
    ),
    ("Merci / thanks", "Merci {first_name} pour votre message !", "Thank you {first_name} for your message!"),
]
REPLIES_FR = [
    "Bonjour, merci pour votre question : oui, c'est possible. Détails sur notre page conseils.",
    "Bonjour, nous vous répondons en détail par message privé.",
    "Bonjour, le processus dure en général trois à cinq semaines.",
]
REPLIES_EN = [
    "Hello, thanks for asking: yes, it is possible. More on our advice page.",
    "Hello, we will answer you in detail in a private message.",
]


def inbox_create(context: DemoContext) -> None:
    team = [user for name, user in context.users.items() if name in ("admin", "comms", "recruiter")]
    if not team:
        return
    _canned_create(context)
    sources = _sources(context)
    conversations: list[Conversation] = []
    firsts: list[tuple[Conversation, str, Any, Any]] = []
    for index in range(CONVERSATIONS):
        channel, source = sources[index % len(sources)] if sources else ("ask", None)
        conversation, text = _conversation(context, channel, source)
        conversations.append(conversation)
        firsts.append((conversation, text, channel, source))
    _save(context, firsts, team)
    _faq_create(context, team)


def _canned_create(context: DemoContext) -> None:
    CannedAnswer.objects.bulk_create(
        CannedAnswer(organisation=context.organisation, title=title, body_fr=french, body_en=english)
        for title, french, english in CANNED
    )


def _sources(context: DemoContext) -> list[tuple[str, Any]]:
    """The mix of channels: flagged mentions (from listening), application messages, and questions
    asked on the career sites, shuffled."""
    from ambassade.careers.models import Application
    from ambassade.listening.models import Mention

    mentions = list(
        Mention.objects.filter(
            organisation=context.organisation, intent__in=["question", "worry"], duplicate_of__isnull=True
        ).order_by("pk")[:500]
    )
    applications = list(
        Application.objects.filter(organisation=context.organisation)
        .exclude(message="")
        .select_related("entity")
        .order_by("pk")[:200]
    )
    picked: list[tuple[str, Any]] = []
    picked += [("mention", mention) for mention in context.rng.sample(mentions, min(40, len(mentions)))]
    picked += [("application", app) for app in context.rng.sample(applications, min(25, len(applications)))]
    picked += [("ask", None)] * (CONVERSATIONS - len(picked))
    context.rng.shuffle(picked)
    return picked


def _arrival(context: DemoContext) -> datetime:
    days_ago = int(context.rng.triangular(0, DAYS, 10))
    day = context.today - timedelta(days=days_ago)
    moment = datetime.combine(day, time(context.rng.randint(7, 21), context.rng.randint(0, 59)))
    return min(timezone.make_aware(moment), timezone.now() - timedelta(minutes=20))


def _conversation(context: DemoContext, channel: str, source: Any) -> tuple[Conversation, str]:
    rng, faker = context.rng, context.faker
    entity = context.entities.get(MAIN_SITE)
    if channel == "mention":
        arrived = max(source.published_at, timezone.now() - timedelta(days=DAYS))
        text = source.text
        language = source.lang if source.lang in ("fr", "en") else "fr"
        values: dict[str, Any] = {"mention": source}
    elif channel == "application":
        arrived = source.created_at
        text = source.message
        language = source.language
        entity = source.entity
        values = {
            "application": source,
            "contact_name": f"{source.first_name} {source.last_name}",
            "contact_email": source.email,
            "consent_text": source.consent_text,
            "consent_at": source.consent_at,
        }
    else:
        arrived = _arrival(context)
        language = "en" if rng.random() < 0.2 else "fr"
        text = rng.choice(QUESTIONS_EN if language == "en" else QUESTIONS_FR)
        name = f"{faker.first_name()} {faker.last_name()}"
        values = {
            "contact_name": name,
            "contact_email": f"candidat{rng.randint(100, 99999)}@example.net",
            "consent_text": CONSENT,
            "consent_at": arrived,
        }
    from ambassade.inbox.services import subject_from

    conversation = Conversation(
        organisation=context.organisation,
        entity=entity,
        channel=channel,
        subject=subject_from(text),
        language=language,
        due_at=arrived + timedelta(hours=24),
        **values,
    )
    conversation.created_at = arrived
    return conversation, text


def _response_hours(context: DemoContext) -> float:
    """Mostly within the day, some the next morning, a few late (log-normal-ish)."""
    return min(24 * 6, context.rng.lognormvariate(1.6, 1.0))


def _save(context: DemoContext, firsts: list[tuple[Conversation, str, Any, Any]], team: list[Any]) -> None:
    rng = context.rng
    now = timezone.now()
    messages: list[Message] = []
    plans: list[tuple[Conversation, str, Any]] = []
    for conversation, text, channel, _source in firsts:
        age_hours = (now - conversation.created_at).total_seconds() / 3600
        responder = rng.choice(team)
        answer_after = _response_hours(context)
        answered = answer_after < age_hours and rng.random() < 0.93
        if answered:
            conversation.first_response_at = conversation.created_at + timedelta(hours=answer_after)
            conversation.first_responder = responder
            conversation.assignee = responder
            closed = age_hours > 72 and rng.random() < 0.85
            if closed:
                conversation.status = Conversation.Status.CLOSED
                conversation.resolved_at = conversation.first_response_at + timedelta(
                    hours=rng.uniform(0.2, 48)
                )
                conversation.resolved_at = min(conversation.resolved_at, now)
                conversation.resolved_by = responder
            else:
                conversation.status = rng.choice([Conversation.Status.ANSWERED, Conversation.Status.WAITING])
        else:
            conversation.status = rng.choice([Conversation.Status.NEW, Conversation.Status.OPEN])
            conversation.assignee = responder if conversation.status == Conversation.Status.OPEN else None
        conversation.overdue_alerted_at = (
            conversation.due_at if conversation.due_at < now and not answered else None
        )
        plans.append((conversation, text, channel))
    created_at = {id(conversation): conversation.created_at for conversation, _text, _channel in plans}
    Conversation.objects.bulk_create(
        [conversation for conversation, _text, _channel in plans], batch_size=500
    )
    for conversation, _text, _channel in plans:
        conversation.created_at = created_at[id(conversation)]
    Conversation.objects.bulk_update(
        [conversation for conversation, _text, _channel in plans], ["created_at"], batch_size=500
    )
    events: list[ConversationEvent] = []
    for conversation, text, channel in plans:
        via = {"mention": Message.Via.NETWORK, "application": Message.Via.APPLICATION}.get(
            channel, Message.Via.FORM
        )
        messages.append(
            Message(
                conversation=conversation, direction="in", sent_via=via, body=text, at=conversation.created_at
            )
        )
        events.append(ConversationEvent(conversation=conversation, kind="created", data={"channel": channel}))
        if conversation.first_response_at is not None:
            reply = rng.choice(REPLIES_EN if conversation.language == "en" else REPLIES_FR)
            out_via = Message.Via.NETWORK if channel == "mention" else Message.Via.EMAIL
            messages.append(
                Message(
                    conversation=conversation,
                    direction="out",
                    sent_via=out_via,
                    body=reply,
                    author=conversation.first_responder,
                    at=conversation.first_response_at,
                )
            )
            events.append(
                ConversationEvent(
                    conversation=conversation,
                    actor=conversation.first_responder,
                    kind="reply",
                    data={"via": out_via},
                )
            )
    Message.objects.bulk_create(messages, batch_size=500)
    ConversationEvent.objects.bulk_create(events, batch_size=500)


def _faq_create(context: DemoContext, team: list[Any]) -> None:
    entity = context.entities.get(MAIN_SITE)
    if entity is None:
        return
    proposer: Any = context.users.get("comms") or team[0]
    reviewer: Any = context.users.get("admin") or team[-1]
    now = timezone.now()
    FaqEntry.objects.bulk_create(
        FaqEntry(
            organisation=context.organisation,
            entity=entity,
            language=language,
            question=question,
            answer=answer,
            status=FaqEntry.Status.PUBLISHED,
            position=position,
            proposed_by=proposer,
            reviewed_by=reviewer,
            published_at=now - timedelta(days=30 - position),
        )
        for position, (language, question, answer) in enumerate(FAQ)
    )
    FaqEntry.objects.create(
        organisation=context.organisation,
        entity=entity,
        language="fr",
        question="Les postes sont-ils ouverts aux contractuels ?",
        answer="Oui, la plupart de nos offres sont ouvertes aux titulaires comme aux contractuels.",
        status=FaqEntry.Status.REVIEW,
        position=len(FAQ),
        proposed_by=proposer,
    )
