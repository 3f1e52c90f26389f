"""The demo's listening: sources, six months of French and English mentions, a spike, labels, alerts.

About 3,000 mentions written from templates (theme × sentiment × intent, French and English) on
realistic venues: news sites and forums through a Google Alerts feed, Mastodon, Bluesky, an imported X
archive, an employer-review export, a few added by hand, and a competitor's feed for the share of voice.
Five weeks ago a restructuring rumour makes a week of worried, negative mentions: the spike the alerts
caught. Everything is enriched with the immediate tier, as at ingest; once `make run` has started, the
periodic jobs catch up with the embedding tier (`mentions_enrich_pending`, newest first) and train the
organisation's model on the team's label corrections (`heads_retrain_stale`), whose real scores then
join the weekly history drawn here from the rules' own mistakes.
Questions and worries count as already seen by the inbox (flagged_at set) so that loading the demo
does not flood it; the inbox's own demo step picks the conversations it wants.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.utils import timezone

from ambassade.integrations import connector_get
from ambassade.listening import nlp
from ambassade.listening.alerts import organisation_alerts_check
from ambassade.listening.dedup import simhash, text_hash
from ambassade.listening.labelling import gold_text
from ambassade.listening.models import (
    Alert,
    LabelCorrection,
    ListeningSettings,
    Mention,
    MentionTheme,
    ScoreSnapshot,
    Source,
    Theme,
)
from ambassade.listening.query import text_normalise
from ambassade.listening.services import themes_taxonomy

if TYPE_CHECKING:
    from ambassade.demo.generate import DemoContext

DAYS = 182
PER_DAY = 19  # an ordinary weekday, before chance
SPIKE_DAYS_AGO = 38  # the rumour starts then and lasts a week
SPIKE_EXTRA = 55  # extra mentions a day during the rumour
COMPETITOR_SHARE = 0.11
ENGLISH_SHARE = 0.28
CORRECTIONS = 90
COMPETITOR = "Métropole de Val-Clair"

# Per theme: what people talk about, in French and in English.
TOPICS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "pay": (
        ("les salaires", "la grille salariale", "les primes de fin d'année", "le salaire d'entrée"),
        ("salaries", "the pay scale", "the year-end bonus", "the starting salary"),
    ),
    "recruitment": (
        ("le processus de recrutement", "les entretiens d'embauche", "le délai de réponse aux candidatures"),
        ("the hiring process", "the job interviews", "how long they take to answer applications"),
    ),
    "remote-work": (
        ("le télétravail", "les jours de télétravail", "le retour au bureau"),
        ("remote work", "work from home days", "the return to office"),
    ),
    "management": (
        ("le management", "les managers de proximité", "la hiérarchie"),
        ("management", "line managers", "the leadership"),
    ),
    "culture": (
        ("l'ambiance", "l'esprit d'équipe", "la culture"),
        ("the atmosphere", "team spirit", "the culture"),
    ),
    "careers-training": (
        ("les formations", "la mobilité interne", "l'évolution de carrière"),
        ("training", "internal mobility", "career progression"),
    ),
    "workload": (
        ("la charge de travail", "les heures supplémentaires", "le sous-effectif"),
        ("the workload", "overtime", "understaffing"),
    ),
    "benefits": (
        ("les tickets restaurant", "la mutuelle", "les avantages du CSE"),
        ("meal vouchers", "health insurance", "employee benefits"),
    ),
    "inclusion": (
        ("l'égalité femmes-hommes", "l'inclusion des personnes handicapées", "la diversité"),
        ("gender equality", "disability inclusion", "diversity"),
    ),
    "ethics": (
        ("l'éthique", "la transparence des achats", "la déontologie"),
        ("ethics", "transparency", "integrity"),
    ),
    "restructuring": (
        ("la réorganisation des services", "les suppressions de postes", "la fusion des directions"),
        ("the reorganisation", "job cuts", "the merger of departments"),
    ),
    "internships": (
        ("les stages", "l'alternance", "les apprentis"),
        ("internships", "apprenticeships", "the apprentices"),
    ),
}
THEME_WEIGHTS = {
    "pay": 12, "recruitment": 16, "remote-work": 11, "management": 9, "culture": 8, "careers-training": 8,
    "workload": 8, "benefits": 5, "inclusion": 5, "ethics": 3, "restructuring": 4, "internships": 11,
}  # fmt: skip

# (sentiment, intent) -> French and English patterns; {t}: the topic, {o}: the organisation.
PATTERNS: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {
    ("negative", "worry"): (
        (
            "Je m'inquiète pour {t} à {o}, personne ne nous explique rien.",
            "{T} à {o}, c'est de pire en pire. Vraiment déçu.",
            "On a peur pour la suite : {t} à {o} inquiète tout le monde.",
        ),
        (
            "I'm worried about {t} at {o}, nobody explains anything.",
            "{T} at {o} keeps getting worse. Really disappointed.",
        ),
    ),
    ("neutral", "question"): (
        (
            "Quelqu'un sait comment ça se passe pour {t} à {o} ?",
            "Des retours sur {t} chez {o} ? J'ai un entretien la semaine prochaine.",
            "Est-ce que {t} à {o} a changé depuis l'an dernier ?",
        ),
        (
            "Does anyone know how {t} works at {o}?",
            "Any feedback on {t} at {o}? I have an interview next week.",
        ),
    ),
    ("neutral", "expectation"): (
        (
            "J'espère que {o} va améliorer {t} cette année.",
            "On attend des annonces claires sur {t} de la part de {o}.",
        ),
        ("Hoping {o} will improve {t} this year.", "We expect clear announcements from {o} about {t}."),
    ),
    ("positive", "praise"): (
        (
            "Très bonne expérience sur {t} chez {o}, bravo !",
            "{T} à {o} : franchement top, merci à l'équipe.",
            "Agréablement surpris par {t} à {o}, je recommande.",
        ),
        ("Great experience with {t} at {o}, well done!", "{T} at {o} is excellent, thanks to the team."),
    ),
    ("neutral", "other"): (
        (
            "{o} publie un nouveau rapport sur {t}.",
            "Article sur {t} dans les collectivités, {o} cité en exemple.",
        ),
        ("{o} publishes a new report on {t}.", "An article on {t} in local government mentions {o}."),
    ),
    ("negative", "other"): (
        ("Article très critique sur {t} à {o}.", "Encore un témoignage négatif sur {t} chez {o}."),
        ("A very critical article on {t} at {o}.", "Another negative account of {t} at {o}."),
    ),
}
MOODS = [
    (("negative", "worry"), 16),
    (("neutral", "question"), 18),
    (("neutral", "expectation"), 10),
    (("positive", "praise"), 26),
    (("neutral", "other"), 22),
    (("negative", "other"), 8),
]
RUMOUR = (
    (
        "Rumeur de suppressions de postes à {o} : la fusion des directions serait actée. Des infos ?",
        "On parle d'une réorganisation des services à {o}, les agents sont très inquiets.",
        "Plan de restructuration à {o} ? Ambiance lourde, tout le monde a peur pour son poste.",
        "Réorganisation à {o} : les syndicats dénoncent le manque de transparence, c'est inquiétant.",
        "Fusion des directions à {o} : combien de postes supprimés ? Personne ne répond.",
        "Mon service serait concerné par la restructuration de {o}. Je suis inquiète pour mon poste.",
        "Les agents de {o} apprennent la réorganisation par la presse. Quelle honte.",
        "Suppression de postes à {o} ? La direction dément mais le doute s'installe.",
    ),
    (
        "Rumours of job cuts at {o}: is the merger of departments confirmed?",
        "Word is {o} is planning a major reorganisation. Staff are really worried.",
        "Restructuring at {o}: how many jobs will go? Nobody is answering.",
    ),
)
# Openers and endings make the templates read like many people's posts (and not one text repeated).
OPENERS = (
    (
        "",
        "",
        "",
        "Bon, ",
        "Franchement, ",
        "Petit retour : ",
        "Question sérieuse : ",
        "Au fait, ",
        "Honnêtement, ",
    ),
    ("", "", "", "Honestly, ", "Quick question: ", "FYI: ", "Well, "),
)
ENDINGS = (
    (
        "", "", "", " #fonctionpublique", " #emploi", " (direction des lycées)", " (service des transports)",
        " (direction du numérique)", " (agence de {city})", " Témoignage d'un agent.", " Affaire à suivre.",
        " Vu sur le forum.", " Merci d'avance !", " Qu'en pensez-vous ?", " Source : un collègue.",
    ),
    (
        "", "", "", " #publicsector", " #jobs", " (transport department)", " (digital team)",
        " ({city} office)", " Thoughts?", " Just my two cents.", " Heard from a colleague.",
    ),
)  # fmt: skip
CITIES = (
    "Marseille",
    "Lyon",
    "Nantes",
    "Lille",
    "Rennes",
    "Bordeaux",
    "Versailles",
    "Melun",
    "Évry",
    "Cergy",
)
REPOST_SHARE = 0.03
CANTEEN = (
    "La cantine du siège de {o} augmente encore ses tarifs, le plateau passe à {n} euros.",
    "Le self de {o} ferme plus tôt depuis lundi, impossible de déjeuner après 13h30.",
    "Cantine de {o} : file d'attente de {n} minutes ce midi, ça devient compliqué.",
)


@dataclass(frozen=True)
class Venue:
    platform: str
    venue: str
    weight: int


WEB = [
    Venue("web", "lemonde.fr", 3), Venue("web", "leparisien.fr", 4),
    Venue("web", "welcometothejungle.com", 6), Venue("web", "reddit.com", 6),
    Venue("web", "francebleu.fr", 2), Venue("web", "linkedin.com", 5),
    Venue("web", "acteurspublics.fr", 2),
]  # fmt: skip
MASTODON = [
    Venue("mastodon", "mastodon.social", 5),
    Venue("mastodon", "piaille.fr", 3),
    Venue("mastodon", "framapiaf.org", 2),
]


def listening_create(context: DemoContext) -> None:
    organisation = context.organisation
    taxonomy = themes_taxonomy(organisation=organisation)
    ListeningSettings.objects.get_or_create(organisation=organisation, defaults={"min_volume": 15})
    sources = _sources_create(context)
    now = timezone.now()
    drafts = _drafts(context, now=now)
    mentions = _mentions_build(context, sources, drafts)
    _enrich(mentions, taxonomy)
    Mention.objects.bulk_create(mentions, batch_size=500)
    _duplicates_link(mentions)
    _themes_link(context, mentions)
    _sources_totals(sources, now=now)
    truths = {mention.pk: draft for mention, draft in zip(mentions, drafts, strict=True)}
    _corrections_create(context, mentions, truths, now=now)
    _alerts_create(context, now=now)
    _proposed_theme(context)


def _user(context: DemoContext, username: str) -> User | None:
    user = context.users.get(username)
    return user if isinstance(user, User) else None


def _pick(context: DemoContext, weighted: Sequence[tuple[Any, int]]) -> Any:
    return context.rng.choices([value for value, _weight in weighted], [w for _value, w in weighted])[0]


def _sources_create(context: DemoContext) -> dict[str, Source]:
    organisation = context.organisation
    creator = _user(context, "comms")
    specs = {
        "alerts": (
            "Google Alerts — Région Île-de-Seine",
            "feed",
            {"url": "https://www.google.com/alerts/feeds/09876543210987654321/1234567890123456789"},
            "",
        ),
        "mastodon": (
            "Mastodon #IleDeSeine",
            "mastodon_hashtag",
            {"instance": "https://mastodon.social", "hashtag": "IleDeSeine"},
            "",
        ),
        "bluesky": (
            "Bluesky : « Région Île-de-Seine »",
            "bluesky_search",
            {"search": '"Région Île-de-Seine"', "handle": "region-iledeseine.bsky.social"},
            "",
        ),
        "x": ("X archive: region_ids_archive.zip", "x_archive", {}, ""),
        "reviews": ("Avis employeurs (export CSV)", "table", {}, ""),
        "manual": ("Ajoutées à la main", "manual", {}, ""),
        "competitor": (
            "Veille — Métropole de Val-Clair",
            "feed",
            {"url": "https://www.google.com/alerts/feeds/09876543210987654321/9876543210987654321"},
            COMPETITOR,
        ),
    }
    sources = {}
    for key, (name, kind, config, competitor) in specs.items():
        if kind in Source.POLLED_KINDS:
            config = connector_get(kind).config_validate(config)
        sources[key] = Source.objects.create(
            organisation=organisation,
            name=name,
            kind=kind,
            config=config,
            query='"Île-de-Seine" OR "Ile de Seine" OR #IleDeSeine' if key == "mastodon" else "",
            competitor=bool(competitor),
            competitor_name=competitor,
            active=key != "bluesky",  # waiting for the account's app password
            created_by=creator,
        )
    return sources


@dataclass
class Draft:
    published_at: datetime
    source: str
    venue: Venue
    lang: str
    theme: str
    sentiment: str
    intent: str
    text: str


def _day_count(context: DemoContext, days_ago: int, day: datetime) -> int:
    weekend = day.weekday() >= 5
    growth = 0.75 + 0.5 * (DAYS - days_ago) / DAYS  # more talk as the programme grows
    base = PER_DAY * growth * (0.45 if weekend else 1.0)
    return max(0, round(context.rng.gauss(base, math.sqrt(base))))


def _drafts(context: DemoContext, *, now: datetime) -> list[Draft]:
    drafts: list[Draft] = []
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    for days_ago in range(DAYS, -1, -1):
        day = today - timedelta(days=days_ago)
        count = _day_count(context, days_ago, day)
        rumour = SPIKE_DAYS_AGO - 7 < days_ago <= SPIKE_DAYS_AGO
        if rumour:
            count += round(SPIKE_EXTRA * (1 - abs(days_ago - SPIKE_DAYS_AGO + 3) / 5))
        for _index in range(count):
            when = day + timedelta(seconds=context.rng.randint(7 * 3600, 23 * 3600))
            if when > now:
                when = now - timedelta(minutes=context.rng.randint(1, 600))
            if drafts and context.rng.random() < REPOST_SHARE:
                drafts.append(_repost(context, context.rng.choice(drafts[-40:]), when))
            else:
                drafts.append(_draft(context, when, rumour=rumour and context.rng.random() < 0.7))
        if days_ago < 20 and context.rng.random() < 0.6:
            drafts.append(_canteen(context, day + timedelta(hours=12, minutes=context.rng.randint(0, 90))))
    return sorted(drafts, key=lambda draft: draft.published_at)


def _draft(context: DemoContext, when: datetime, *, rumour: bool) -> Draft:
    rng = context.rng
    competitor = not rumour and rng.random() < COMPETITOR_SHARE
    lang = "en" if rng.random() < ENGLISH_SHARE else "fr"
    english = lang == "en"
    organisation = COMPETITOR if competitor else ("the Île-de-Seine region" if english else "la Région")
    if rumour:
        theme, (sentiment, intent) = "restructuring", ("negative", "worry")
        text = rng.choice(RUMOUR[english]).format(o=organisation)
    else:
        theme = _pick(context, list(THEME_WEIGHTS.items()))
        sentiment, intent = _pick(context, MOODS)
        topic = rng.choice(TOPICS[theme][english])
        pattern = rng.choice(PATTERNS[(sentiment, intent)][english])
        text = pattern.format(t=topic, T=topic[:1].upper() + topic[1:], o=organisation)
    text = _dressed(context, text, english)
    source = (
        "competitor"
        if competitor
        else _pick(
            context,
            [("alerts", 46), ("mastodon", 18), ("bluesky", 12), ("x", 14), ("reviews", 8), ("manual", 2)],
        )
    )
    return Draft(when, source, _venue(context, source), lang, theme, sentiment, intent, text)


def _repost(context: DemoContext, original: Draft, when: datetime) -> Draft:
    """The same text posted again elsewhere (a share, a cross-post): a duplicate at ingest."""
    source = "x" if original.source != "x" else "mastodon"
    venue = _venue(context, source)
    labels = (original.theme, original.sentiment, original.intent)
    return Draft(when, source, venue, original.lang, *labels, original.text)


def _dressed(context: DemoContext, text: str, english: bool) -> str:
    """An opener and an ending around the sentence (its first word lower-cased after the opener, unless
    it is a name)."""
    rng = context.rng
    opener = rng.choice(OPENERS[english])
    if opener:
        named = text.startswith(COMPETITOR)
        text = opener + (text if named else text[:1].lower() + text[1:])
    text = text[:1].upper() + text[1:]
    return text + rng.choice(ENDINGS[english]).format(city=rng.choice(CITIES))


def _canteen(context: DemoContext, when: datetime) -> Draft:
    text = context.rng.choice(CANTEEN).format(o="la Région", n=context.rng.randint(5, 25))
    return Draft(when, "mastodon", _venue(context, "mastodon"), "fr", "", "negative", "other", text)


def _venue(context: DemoContext, source: str) -> Venue:
    if source in ("alerts", "competitor"):
        return _pick(context, [(venue, venue.weight) for venue in WEB])
    if source == "mastodon":
        return _pick(context, [(venue, venue.weight) for venue in MASTODON])
    return {
        "bluesky": Venue("bluesky", "bsky.app", 1),
        "x": Venue("x", "x.com", 1),
        "reviews": Venue("import", "glassdoor.fr", 1),
        "manual": Venue("manual", "Groupe privé « Agents de la Région »", 1),
    }[source]


def _handle(context: DemoContext, name: str) -> str:
    base = "".join(c for c in name.lower().replace(" ", "_") if c.isalnum() or c == "_")
    return f"{base[:14]}{context.rng.randint(1, 99)}"


def _mentions_build(context: DemoContext, sources: dict[str, Source], drafts: list[Draft]) -> list[Mention]:
    rng, faker = context.rng, context.faker
    authors = [faker.name() for _index in range(160)]
    handles = [_handle(context, name) for name in authors]
    mentions = []
    for index, draft in enumerate(drafts):
        author = rng.randrange(len(authors)) if rng.random() < 0.8 else int(rng.paretovariate(1.2)) % 12
        name, handle = authors[author], handles[author]
        url, author_url, handle_shown, reach = _where(context, draft, handle, index)
        mentions.append(
            Mention(
                organisation=context.organisation,
                source=sources[draft.source],
                external_id=f"demo-{index}",
                url=url,
                text=draft.text,
                text_search=text_normalise(draft.text),
                text_hash=text_hash(draft.text),
                simhash=simhash(draft.text),
                published_at=draft.published_at,
                platform=draft.venue.platform,
                venue=draft.venue.venue,
                author_name="" if draft.venue.platform == "web" and rng.random() < 0.3 else name,
                author_handle=handle_shown,
                author_url=author_url,
                reach=reach,
                lang=draft.lang,
                flagged_at=draft.published_at if draft.intent in ("question", "worry") else None,
            )
        )
    return mentions


def _where(context: DemoContext, draft: Draft, handle: str, index: int) -> tuple[str, str, str, int | None]:
    rng = context.rng
    key = hashlib.sha256(f"{index}".encode()).hexdigest()[:10]
    day = draft.published_at
    platform, venue = draft.venue.platform, draft.venue.venue
    if platform == "mastodon":
        profile = f"https://{venue}/@{handle}"
        return f"{profile}/{11_000_000 + index}", profile, f"@{handle}@{venue}", rng.randint(20, 2_000)
    if platform == "bluesky":
        profile = f"https://bsky.app/profile/{handle}.bsky.social"
        return f"{profile}/post/3k{key}", profile, f"@{handle}.bsky.social", rng.randint(10, 3_000)
    if platform == "x":
        profile = f"https://x.com/{handle}"
        return f"{profile}/status/{1_800_000_000_000 + index}", profile, f"@{handle}", rng.randint(30, 8_000)
    if platform == "import":
        return f"https://www.glassdoor.fr/Avis/region-ile-de-seine-{key}.htm", "", "", None
    if platform == "manual":
        return "", "", "", None
    if venue == "reddit.com":
        return (
            f"https://www.reddit.com/r/france/comments/{key}/",
            f"https://www.reddit.com/user/{handle}",
            f"u/{handle}",
            rng.randint(50, 20_000),
        )  # noqa: E501
    if venue == "welcometothejungle.com":
        return f"https://www.welcometothejungle.com/fr/articles/{key}", "", "", rng.randint(500, 30_000)
    return (
        f"https://www.{venue}/emploi/article/{day:%Y/%m/%d}/{key}.html",
        "",
        "",
        rng.randint(2_000, 400_000),
    )


def _enrich(mentions: list[Mention], taxonomy: Sequence[nlp.ThemeSpec]) -> None:
    enrichments = nlp.enrich_immediate([mention.text for mention in mentions], taxonomy=taxonomy)
    for mention, enrichment in zip(mentions, enrichments, strict=True):
        mention.lang = enrichment.lang or mention.lang
        mention.sentiment = enrichment.sentiment
        mention.intent = enrichment.intent
        mention.is_question = enrichment.is_question
        mention.keywords = enrichment.keywords[:8]
        mention.tier = enrichment.tier
        mention.enriched_at = mention.published_at
        mention._themes = enrichment.themes  # type: ignore[attr-defined]


def _duplicates_link(mentions: list[Mention]) -> None:
    """The same text posted again (templates repeat) points to its first mention, as at ingest."""
    first: dict[str, int] = {}
    duplicates = []
    for mention in mentions:
        if mention.text_hash in first:
            mention.duplicate_of_id = first[mention.text_hash]
            duplicates.append(mention)
        else:
            first[mention.text_hash] = mention.pk
    Mention.objects.bulk_update(duplicates, ["duplicate_of"], batch_size=500)


def _themes_link(context: DemoContext, mentions: list[Mention]) -> None:
    themes = dict(Theme.objects.filter(organisation=context.organisation).values_list("slug", "pk"))
    links = [
        MentionTheme(mention=mention, theme_id=themes[slug], score=1 - rank / 10, by=MentionTheme.By.RULE)
        for mention in mentions
        for rank, slug in enumerate(dict.fromkeys(mention._themes))  # type: ignore[attr-defined]
        if slug in themes
    ]
    MentionTheme.objects.bulk_create(links, batch_size=1000)


def _sources_totals(sources: dict[str, Source], *, now: datetime) -> None:
    for key, source in sources.items():
        total = Mention.objects.filter(source=source).count()
        values: dict[str, Any] = {"items_total": total}
        if source.polled and source.active:
            values.update(
                last_fetched_at=now - timedelta(minutes=7), last_success_at=now - timedelta(minutes=7)
            )
            values["next_fetch_at"] = now + timedelta(minutes=8)
        if key == "competitor":
            values.update(
                error_count=2, last_error="Le serveur de www.google.com a répondu 503 (service indisponible)."
            )
            values["last_success_at"] = now - timedelta(hours=1)
        Source.objects.filter(pk=source.pk).update(**values)


def _corrections_create(
    context: DemoContext, mentions: list[Mention], truths: dict[int, Draft], *, now: datetime
) -> None:
    """The team corrected the labels the rules got wrong, a few a day over the last two months."""
    users = [user for name in ("comms", "admin") if (user := _user(context, name)) is not None]
    since = now - timedelta(days=60)
    wrong = [
        (mention, task, getattr(truths[mention.pk], task))
        for mention in mentions
        if mention.published_at >= since and mention.duplicate_of_id is None and truths[mention.pk].theme
        for task in ("sentiment", "intent")
        if getattr(mention, task) != getattr(truths[mention.pk], task)
    ]
    context.rng.shuffle(wrong)
    chosen = sorted(wrong[:CORRECTIONS], key=lambda row: row[0].published_at)
    corrections = []
    for mention, task, label in chosen:
        corrections.append(
            LabelCorrection(
                organisation=context.organisation,
                mention=mention,
                text=gold_text(mention.text),
                task=task,
                label=label,
                previous=getattr(mention, task),
                corrected_by=context.rng.choice(users) if users else None,
            )
        )
        setattr(mention, task, label)
        mention.corrected = True
    LabelCorrection.objects.bulk_create(corrections)
    for correction, (mention, _task, _label) in zip(corrections, chosen, strict=True):
        correction.created_at = min(mention.published_at + timedelta(hours=context.rng.randint(1, 30)), now)
    LabelCorrection.objects.bulk_update(corrections, ["created_at"])
    Mention.objects.bulk_update([row[0] for row in chosen], ["sentiment", "intent", "corrected"])
    _scores_history(context, corrections, now=now)


def _scores_history(context: DemoContext, corrections: list[LabelCorrection], *, now: datetime) -> None:
    """Weekly snapshots: how the labels the mentions had compare with the gold labels known by then."""
    snapshots = []
    for weeks_ago in range(7, -1, -1):
        moment = now - timedelta(weeks=weeks_ago)
        known = [row for row in corrections if row.created_at <= moment]
        for task in ("sentiment", "intent"):
            rows = [row for row in known if row.task == task]
            if len(rows) < 5:
                continue
            snapshots.append(
                ScoreSnapshot(
                    organisation=context.organisation,
                    task=task,
                    scores=_scores(rows, recovered=min(0.9, 0.35 + 0.08 * (7 - weeks_ago))),
                    examples=len(rows),
                )
            )
    ScoreSnapshot.objects.bulk_create(snapshots)
    for index, snapshot in enumerate(snapshots):
        snapshot.created_at = now - timedelta(weeks=7 - index // 2)
    ScoreSnapshot.objects.bulk_update(snapshots, ["created_at"])


def _scores(rows: list[LabelCorrection], *, recovered: float) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 per label when a share of the rules' mistakes is now right (the heads
    learn from the gold set); the same shape as nlp.heads_scores."""
    pairs = [
        (row.label, row.label if index < recovered * len(rows) else row.previous)
        for index, row in enumerate(rows)
    ]
    labels = sorted({truth for truth, _guess in pairs} | {guess for _truth, guess in pairs})
    scores: dict[str, dict[str, float]] = {}
    for label in labels:
        true_positive = sum(1 for truth, guess in pairs if truth == guess == label)
        predicted = sum(1 for _truth, guess in pairs if guess == label)
        support = sum(1 for truth, _guess in pairs if truth == label)
        precision = true_positive / predicted if predicted else 0.0
        recall = true_positive / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[label] = {"precision": precision, "recall": recall, "f1": f1, "support": float(support)}
    count = len(labels) or 1
    scores["macro"] = {
        key: sum(scores[label][key] for label in labels) / count for key in ("precision", "recall", "f1")
    } | {"support": float(len(pairs))}
    return scores


def _alerts_create(context: DemoContext, *, now: datetime) -> None:
    """Run the spike check at the rumour's peak, as the hourly job did then."""
    peak_day = timezone.localdate(now) - timedelta(days=SPIKE_DAYS_AGO - 3)
    peak = timezone.make_aware(datetime.combine(peak_day, time(21, 0)))
    since = peak - timedelta(days=29)
    alerts = organisation_alerts_check(organisation=context.organisation, now=peak, since=since)
    for alert in alerts:
        Alert.objects.filter(pk=alert.pk).update(
            created_at=peak, seen_at=peak + timedelta(hours=10), emailed_at=peak
        )


def _proposed_theme(context: DemoContext) -> None:
    """The canteen complaints of the last weeks fit no theme: discovery proposed one."""
    Theme.objects.get_or_create(
        organisation=context.organisation,
        slug="cantine-self-tarifs",
        defaults={
            "name_fr": "cantine, self, tarifs",
            "name_en": "cantine, self, tarifs",
            "keywords": "cantine\nself\ntarifs\nplateau\ndéjeuner",
            "active": False,
            "discovered": True,
            "position": 100,
        },
    )
