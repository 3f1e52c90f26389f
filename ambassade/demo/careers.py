"""Demo step: the employer story, staff testimonials and about 40 job offers on the three career sites.

The organisation's story is written in French and English; Seine Sud Mobilités overrides a few facts and
its LinkedIn page (the consistency report shows them). Offers are realistic French public-sector jobs,
in French with an English text for about half, mostly open, a few closed, two drafts and one scheduled.
Everything is fictional: towns and addresses are invented, links point to `.example` hosts.

In generate.py, after the users step (links and applications use the offers):

    DemoStep("careers", careers.careers_create),

and in `demo_delete`, after the applications and before the entities (offers PROTECT their entity):

    careers.careers_delete(organisation=organisation)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from ambassade.careers.models import EmployerStory, JobOffer, JobOfferTranslation, Testimonial
from ambassade.orgs.models import Organisation

if TYPE_CHECKING:
    from ambassade.demo.generate import DemoContext

Contract = JobOffer.Contract
Remote = JobOffer.Remote
YEAR, MONTH = JobOffer.SalaryPeriod.YEAR, JobOffer.SalaryPeriod.MONTH

PLACES = {
    "siege": ("1 place de la Région", "95000", "Seineville"),
    "lycees": ("12 avenue des Lycées", "95120", "Bords-de-Seine"),
    "nord": ("8 rue de l'Industrie", "95300", "Nordeville"),
    "sud": ("40 avenue du Port, dépôt des Tilleuls", "94500", "Sudbourg"),
    "sud2": ("2 rue des Rails, dépôt de la Gare", "94700", "Val-d'Aval"),
}
REGION = "Île-de-Seine"


@dataclass(frozen=True)
class OfferSpec:
    department: str  # its code; the offer belongs to the department's entity
    title: str
    category: str
    contract: str
    remote: str
    salary: tuple[int, int, str] | None
    place: str = ""  # a key of PLACES; empty: the entity's main site

    @property
    def english(self) -> str:
        return ENGLISH_TITLES.get(self.title, "")


_o = OfferSpec
FT, PT, FIXED, INTERN = Contract.FULL_TIME, Contract.PART_TIME, Contract.TEMPORARY, Contract.INTERN
SITE, HYBRID, REMOTE = Remote.ON_SITE, Remote.HYBRID, Remote.REMOTE


def Y(low: int, high: int) -> tuple[int, int, str]:  # noqa: N802 - reads as a unit in the table
    """A yearly salary range, in thousands of euros."""
    return (low * 1000, high * 1000, YEAR)


def M(low: int, high: int) -> tuple[int, int, str]:  # noqa: N802
    """A monthly salary range, in euros."""
    return (low, high, MONTH)


ENTITY_PLACES = {"siege": "siege", "agence-nord": "nord", "filiale-sud": "sud"}
OFFERS = [
    _o("DNUM-APP", "Développeur·se full stack Python", "Numérique", FT, HYBRID, Y(38, 52)),
    _o("DNUM-APP", "Chef·fe de projet applications métier", "Numérique", FT, HYBRID, Y(45, 58)),
    _o("DNUM-INF", "Administrateur·rice systèmes et réseaux", "Numérique", FT, SITE, Y(36, 48)),
    _o("DNUM-INF", "Ingénieur·e cybersécurité", "Numérique", FT, HYBRID, Y(48, 62)),
    _o("DNUM-SUP", "Technicien·ne support utilisateurs", "Numérique", FIXED, SITE, M(2100, 2500)),
    _o("DNUM-APP", "Data analyst", "Numérique", FT, REMOTE, Y(42, 52)),
    _o("DCOM-RS", "Chargé·e de communication numérique", "Communication", FT, HYBRID, Y(32, 40)),
    _o("DCOM-WEB", "Rédacteur·rice web", "Communication", FIXED, HYBRID, M(2200, 2600)),
    _o("DCOM-PRE", "Attaché·e de presse", "Communication", FT, SITE, Y(35, 44)),
    _o("DCOM-EVT", "Chargé·e d'événementiel", "Communication", FIXED, SITE, None),
    _o("DRH-PAI", "Gestionnaire RH paie et carrières", "Ressources humaines", FT, HYBRID, M(2300, 2800)),
    _o("DRH-REC", "Chargé·e de recrutement", "Ressources humaines", FT, HYBRID, Y(34, 42)),
    _o("DRH-APP", "Apprenti·e assistant·e RH", "Ressources humaines", INTERN, SITE, None),
    _o("DRH-QVT", "Psychologue du travail", "Ressources humaines", PT, SITE, M(2400, 2900)),
    _o("DFI-CPT", "Comptable", "Finances", FT, SITE, M(2100, 2600)),
    _o("DFI-ACH", "Acheteur·se public·que", "Finances", FT, HYBRID, Y(38, 47)),
    _o("DAJ-CTX", "Juriste contentieux", "Juridique", FT, HYBRID, Y(40, 50)),
    _o("DTM-INF", "Ingénieur·e voirie et réseaux divers", "Ingénierie", FT, SITE, Y(40, 52)),
    _o("DTM-MOB", "Chargé·e de mission mobilités douces", "Mobilités", FIXED, HYBRID, Y(36, 42)),
    _o("DTM-SCO", "Agent·e d'accueil transports scolaires", "Accueil", FIXED, SITE, M(1850, 2000)),
    _o("DLY-MNT", "Agent·e de maintenance des bâtiments", "Bâtiment", FT, SITE, M(1900, 2300), "lycees"),
    _o("DLY-AGT", "Agent·e d'entretien en lycée", "Lycées", FT, SITE, M(1800, 1950), "lycees"),
    _o("DLY-AGT", "Cuisinier·ère en restauration scolaire", "Lycées", FT, SITE, M(1900, 2200), "lycees"),
    _o("DENV-TEN", "Chargé·e de mission transition énergétique", "Environnement", FT, HYBRID, Y(38, 46)),
    _o("DCUL-PAT", "Chercheur·se de l'inventaire du patrimoine", "Culture", FIXED, SITE, None),
    _o("DLY-VIE", "Agent·e d'accueil en lycée", "Accueil", PT, SITE, M(1800, 1900), "lycees"),
    _o("AN-ACC", "Chargé·e d'affaires entreprises", "Développement économique", FT, HYBRID, Y(38, 48)),
    _o("AN-INN", "Chef·fe de projet innovation", "Développement économique", FIXED, HYBRID, Y(42, 50)),
    _o("AN-INT", "Chargé·e de mission international", "International", FT, HYBRID, Y(40, 48)),
    _o("AN-ORI", "Conseiller·ère en insertion professionnelle", "Emploi", FT, SITE, M(2200, 2600)),
    _o("AN-APP", "Développeur·se de l'apprentissage", "Emploi", FIXED, SITE, None),
    _o("AN-RH", "Assistant·e ressources humaines", "Ressources humaines", PT, SITE, M(1900, 2100)),
    _o("AN-FIN", "Contrôleur·se de gestion", "Finances", FT, HYBRID, Y(42, 52)),
    _o("FS-BUS", "Conducteur·rice de bus", "Conduite", FT, SITE, M(2100, 2450)),
    _o("FS-BUS", "Conducteur·rice de bus à temps partiel", "Conduite", PT, SITE, M(1200, 1400), "sud2"),
    _o("FS-ATL", "Mécanicien·ne poids lourds", "Maintenance", FT, SITE, M(2200, 2700)),
    _o("FS-MAT", "Technicien·ne de maintenance des bus électriques", "Maintenance", FT, SITE, M(2400, 2900)),
    _o("FS-REL", "Conseiller·ère relation clients", "Relation clients", FIXED, SITE, M(1900, 2100), "sud2"),
    _o("FS-MKT", "Chargé·e de marketing et billettique", "Marketing", FT, HYBRID, Y(34, 40)),
    _o("FS-RH", "Apprenti·e gestionnaire paie", "Ressources humaines", INTERN, SITE, None),
    _o("FS-FIN", "Acheteur·se", "Finances", FT, HYBRID, Y(36, 44)),
]
# About half the offers also have an English text.
ENGLISH_TITLES = {
    "Développeur·se full stack Python": "Full-stack Python developer",
    "Chef·fe de projet applications métier": "Business applications project manager",
    "Ingénieur·e cybersécurité": "Cybersecurity engineer",
    "Data analyst": "Data analyst",
    "Chargé·e de communication numérique": "Digital communication officer",
    "Attaché·e de presse": "Press officer",
    "Gestionnaire RH paie et carrières": "HR officer, payroll and careers",
    "Chargé·e de recrutement": "Recruitment officer",
    "Acheteur·se public·que": "Public procurement officer",
    "Juriste contentieux": "Litigation lawyer",
    "Ingénieur·e voirie et réseaux divers": "Roads and utilities engineer",
    "Chargé·e de mission mobilités douces": "Active mobility project officer",
    "Agent·e de maintenance des bâtiments": "Building maintenance technician",
    "Cuisinier·ère en restauration scolaire": "School kitchen cook",
    "Chargé·e de mission transition énergétique": "Energy transition project officer",
    "Chargé·e d'affaires entreprises": "Business development officer",
    "Chargé·e de mission international": "International project officer",
    "Contrôleur·se de gestion": "Management controller",
    "Conducteur·rice de bus": "Bus driver",
    "Mécanicien·ne poids lourds": "Heavy vehicle mechanic",
    "Acheteur·se": "Buyer",
}
CLOSED = {9, 19, 30, 34}  # indexes in OFFERS
DRAFTS = {7, 39}
SCHEDULED = {24}

# Per category: (missions, profile) in French, then in English.
MISSIONS = {
    "Numérique": (
        [
            "concevoir et faire évoluer les outils numériques des services",
            "veiller à la sécurité et à la qualité des données",
        ],
        ["design and improve the services' digital tools", "look after the security and quality of data"],
    ),
    "Communication": (
        [
            "raconter l'action publique sur tous les canaux",
            "accompagner les services dans leurs projets de communication",
        ],
        [
            "tell the story of public action on every channel",
            "support departments in their communication projects",
        ],
    ),
    "Ressources humaines": (
        [
            "accompagner les agents tout au long de leur carrière",
            "appliquer et expliquer le statut de la fonction publique",
        ],
        ["support staff throughout their careers", "apply and explain civil-service rules"],
    ),
    "Finances": (
        ["préparer et exécuter le budget", "sécuriser les procédures et les marchés publics"],
        ["prepare and carry out the budget", "secure procedures and public contracts"],
    ),
    "Juridique": (
        [
            "conseiller les directions sur leurs projets",
            "suivre les contentieux devant les juridictions administratives",
        ],
        ["advise directorates on their projects", "handle cases before the administrative courts"],
    ),
    "Ingénierie": (
        ["piloter les études et les chantiers", "coordonner les entreprises et les concessionnaires"],
        ["run studies and works", "coordinate contractors and utilities"],
    ),
    "Mobilités": (
        ["développer les itinéraires cyclables et piétons", "animer le dialogue avec les communes"],
        ["develop cycling and walking routes", "lead the dialogue with municipalities"],
    ),
    "Accueil": (
        ["accueillir et orienter le public", "répondre aux demandes au guichet et au téléphone"],
        ["welcome and guide the public", "answer requests at the desk and on the phone"],
    ),
    "Bâtiment": (
        ["assurer l'entretien courant des bâtiments", "intervenir en plomberie, électricité et menuiserie"],
        ["carry out routine building maintenance", "handle plumbing, electrical and carpentry work"],
    ),
    "Lycées": (
        ["contribuer au bon accueil des lycéens", "participer à la vie de l'établissement"],
        ["help welcome high-school students", "take part in the life of the school"],
    ),
    "Environnement": (
        ["accompagner la rénovation énergétique", "suivre les projets d'énergies renouvelables"],
        ["support energy renovation", "follow renewable energy projects"],
    ),
    "Culture": (
        ["étudier et documenter le patrimoine bâti", "publier les dossiers d'inventaire"],
        ["study and document built heritage", "publish inventory records"],
    ),
    "Développement économique": (
        ["accompagner les entreprises du territoire", "monter des partenariats et des financements"],
        ["support local businesses", "set up partnerships and funding"],
    ),
    "International": (
        ["développer les coopérations européennes", "monter les dossiers de fonds européens"],
        ["develop European cooperation", "prepare European funding applications"],
    ),
    "Emploi": (
        [
            "accompagner les demandeurs d'emploi vers la formation",
            "travailler avec les employeurs du territoire",
        ],
        ["guide job seekers towards training", "work with local employers"],
    ),
    "Conduite": (
        ["assurer le transport des voyageurs en sécurité", "accueillir et renseigner les clients"],
        ["drive passengers safely", "welcome and inform customers"],
    ),
    "Maintenance": (
        ["entretenir et réparer le parc de véhicules", "diagnostiquer les pannes mécaniques et électriques"],
        ["service and repair the vehicle fleet", "diagnose mechanical and electrical faults"],
    ),
    "Relation clients": (
        ["répondre aux voyageurs par téléphone et par écrit", "traiter les réclamations"],
        ["answer travellers by phone and in writing", "handle complaints"],
    ),
    "Marketing": (
        ["faire connaître l'offre de transport", "faire évoluer la billettique"],
        ["promote the transport offer", "improve ticketing"],
    ),
}
ORGANISATION_FACTS = {
    "headcount": "1 800 agents",
    "sites": "42 sites, dont 30 lycées",
    "founded": "1986",
    "benefits_summary": "Télétravail jusqu'à 2 jours, restaurant collectif, 27 jours de congés et RTT",
}
ORGANISATION_FACTS_EN = {
    "headcount": "1 800 agents",
    "sites": "42 sites, 30 of them high schools",
    "founded": "1986",
    "benefits_summary": "Remote work up to 2 days a week, staff restaurant, 27 days of leave plus RTT",
}
SOCIAL = {
    "website": "https://www.ile-de-seine.example/",
    "linkedin": "https://linkedin.example/company/region-ile-de-seine",
    "mastodon": "https://social.ile-de-seine.example/@region",
    "youtube": "https://video.ile-de-seine.example/c/region",
}
TESTIMONIALS = [
    (
        "DNUM-APP",
        "fr",
        "Ici, le code que j'écris sert tous les jours à des milliers d'habitants. Et "
        "l'équipe prend le temps de bien faire.",
        True,
    ),
    (
        "DLY-MNT",
        "fr",
        "Chaque lycée est différent. J'aime réparer, mais surtout voir que les "
        "élèves ont de bonnes conditions.",
        False,
    ),
    (
        "DCOM-RS",
        "fr",
        "Nous expliquons l'action publique simplement. Mon meilleur souvenir : la "
        "campagne sur les lycées du futur.",
        True,
    ),
    (
        "FS-BUS",
        "fr",
        "Conduire un bus, c'est un métier de contact. On connaît les habitués, on rend service.",
        False,
    ),
    (
        "DRH-REC",
        "en",
        "We read every application and answer every one. Recruiting for public "
        "service is a job I am proud of.",
        False,
    ),
]


def careers_create(context: DemoContext) -> None:
    _stories_create(context)
    _testimonials_create(context)
    _offers_create(context)


def careers_delete(*, organisation: Organisation) -> None:
    """For demo_delete: job offers PROTECT their entity (stories and testimonials go with it)."""
    JobOffer.objects.filter(organisation=organisation).delete()


# --- the employer story ---------------------------------------------------------------------------


def _stories_create(context: DemoContext) -> None:
    organisation = context.organisation
    EmployerStory.objects.bulk_create(
        [
            EmployerStory(
                organisation=organisation,
                language="fr",
                tagline="Construire les lycées, les transports et l'avenir de 2 millions d'habitants",
                presentation=(
                    "La Région Île-de-Seine agit au quotidien pour 2 millions "
                    "d'habitants : elle construit et "
                    "entretient les lycées, organise les transports, accompagne les entreprises et protège "
                    "l'environnement.\n\nNos 1 800 agents exercent plus de 150 métiers, "
                    "des lycées aux dépôts de bus."
                ),
                values=(
                    "Le sens du service public.\nLa confiance et l'autonomie.\nL'égalité des "
                    "chances, à l'embauche comme dans la carrière."
                ),
                benefits=(
                    "Télétravail jusqu'à deux jours par semaine selon les postes.\nRestaurant collectif et "
                    "participation à la mutuelle.\n27 jours de congés, RTT, et un "
                    "plan de formation ambitieux."
                ),
                how_we_recruit=(
                    "Nous lisons chaque candidature et répondons à chacune, en trois semaines au plus.\n\n"
                    "Les candidats retenus rencontrent un jury : le futur responsable "
                    "et une personne du service "
                    "recrutement. Pour les postes techniques, un exercice pratique court peut être proposé."
                ),
                how_to_prepare=(
                    "Lisez l'offre et dites-nous ce qui vous y attire.\n\nLes agents "
                    "publics comme les personnes "
                    "venant du privé sont bienvenus : expliquez votre parcours simplement."
                ),
                facts=ORGANISATION_FACTS,
                social_accounts=SOCIAL,
            ),
            EmployerStory(
                organisation=organisation,
                language="en",
                tagline="Building the high schools, transport and future of 2 million people",
                presentation=(
                    "The Île-de-Seine Region works every day for 2 million people: it "
                    "builds and maintains high "
                    "schools, runs transport, supports businesses and protects the "
                    "environment.\n\nOur 1,800 staff "
                    "work in more than 150 trades, from high schools to bus depots."
                ),
                values="Public service.\nTrust and autonomy.\nEqual opportunities, in hiring and in careers.",
                benefits=(
                    "Remote work up to two days a week.\nStaff restaurant and health insurance "
                    "contribution.\n27 days of leave plus RTT."
                ),
                how_we_recruit="We read every application and answer every one within three weeks.",
                how_to_prepare="Read the offer and tell us what draws you to it.",
                facts=ORGANISATION_FACTS_EN,
                social_accounts=SOCIAL,
            ),
            EmployerStory(
                organisation=organisation,
                entity=context.entities["filiale-sud"],
                language="fr",
                tagline="Faire rouler le sud de l'Île-de-Seine, chaque jour",
                presentation=(
                    "Seine Sud Mobilités exploite le réseau de bus du sud de la "
                    "région : 28 lignes, 4 dépôts et "
                    "370 salariés, conducteurs, mécaniciens et conseillers clients."
                ),
                facts={"headcount": "370 salariés", "sites": "4 dépôts"},
                social_accounts={"linkedin": "https://linkedin.example/company/seine-sud-mobilites"},
            ),
        ]
    )


def _testimonials_create(context: DemoContext) -> None:
    people_by_department: dict[str, list] = {}
    for person in context.people:
        if person.is_active and person.active_until is None and person.department is not None:
            people_by_department.setdefault(person.department.code, []).append(person)
    rows = []
    for position, (code, language, quote, with_video) in enumerate(TESTIMONIALS):
        person = context.rng.choice(people_by_department[code])
        department = context.departments[code]
        rows.append(
            Testimonial(
                organisation=context.organisation,
                entity=department.entity if department.entity.slug != "siege" else None,
                person=person,
                language=language,
                name=f"{person.first_name} {person.last_name[0]}.",
                job_title=person.job_title,
                quote=quote,
                video_url=f"https://video.ile-de-seine.example/temoignages/{position + 1}"
                if with_video
                else "",
                consent_at=_moment(context, days_ago=context.rng.randint(30, 200)),
                position=position,
            )
        )
    Testimonial.objects.bulk_create(rows)


# --- job offers -----------------------------------------------------------------------------------


def _offers_create(context: DemoContext) -> None:
    recruiter = context.users.get("recruiter")
    offers, texts = [], []
    for index, spec in enumerate(OFFERS):
        offer = _offer(context, index, spec)
        offer.created_by = recruiter  # type: ignore[assignment]
        offers.append(offer)
    JobOffer.objects.bulk_create(offers)
    for offer, spec in zip(offers, OFFERS, strict=True):
        texts.append(
            JobOfferTranslation(
                offer=offer, language="fr", title=spec.title, description=_description_fr(spec, offer)
            )
        )
        if spec.english:
            texts.append(
                JobOfferTranslation(
                    offer=offer, language="en", title=spec.english, description=_description_en(spec)
                )
            )
    JobOfferTranslation.objects.bulk_create(texts)


def _offer(context: DemoContext, index: int, spec: OfferSpec) -> JobOffer:
    rng = context.rng
    department = context.departments[spec.department]
    entity = department.entity
    street, postal_code, city = PLACES[spec.place or ENTITY_PLACES[entity.slug]]
    offer = JobOffer(
        organisation=context.organisation,
        entity=entity,
        department=department,
        reference=f"{context.today.year}-{entity.slug[:3].upper()}-{index + 1:03d}",
        category=spec.category,
        contract_type=spec.contract,
        remote_policy=spec.remote,
        locations=[
            {"street": street, "postal_code": postal_code, "city": city, "region": REGION, "country": "FR"}
        ],
        remote_countries=["FR"] if spec.remote == Remote.REMOTE else [],
    )
    if spec.salary:
        offer.salary_min, offer.salary_max, offer.salary_period = (
            Decimal(spec.salary[0]),
            Decimal(spec.salary[1]),
            spec.salary[2],
        )
    published_days_ago = rng.randint(1, 45)
    if index in DRAFTS:
        offer.status = JobOffer.Status.DRAFT
    elif index in SCHEDULED:
        offer.status = JobOffer.Status.SCHEDULED
        offer.publish_at = _moment(context, days_ago=-3)
    elif index in CLOSED:
        offer.status = JobOffer.Status.CLOSED
        offer.published_at = _moment(context, days_ago=published_days_ago + 30)
        offer.closed_at = _moment(context, days_ago=rng.randint(1, 20))
    else:
        offer.status = JobOffer.Status.PUBLISHED
        offer.published_at = _moment(context, days_ago=published_days_ago)
        if rng.random() < 0.6:
            offer.closes_on = context.today + timedelta(days=rng.randint(10, 60))
    return offer


def _description_fr(spec: OfferSpec, offer: JobOffer) -> str:
    missions, _english = MISSIONS[spec.category]
    team = offer.department.name if offer.department else offer.entity.name
    remote: str = {
        Remote.ON_SITE.value: "Poste sur site.",
        Remote.HYBRID.value: "Télétravail possible jusqu'à deux jours par semaine.",
        Remote.REMOTE.value: "Télétravail complet depuis la France, avec une journée d'équipe par mois.",
    }[spec.remote]
    items = "".join(f"<li>{item.capitalize()} ;</li>" for item in missions)
    return (
        f"<p>Vous rejoignez l'équipe « {team} », engagée au service des habitants.</p>"
        f"<h3>Vos missions</h3><ul>{items}"
        "<li>Participer aux projets transversaux de la collectivité.</li></ul>"
        "<h3>Votre profil</h3><ul><li>Une première expérience dans le domaine, "
        "ou une formation équivalente.</li>"
        "<li>Le goût du travail en équipe et du service public.</li></ul>"
        f"<h3>Ce que nous offrons</h3><p>{remote} Restaurant collectif, 27 jours de congés et RTT, formation "
        "tout au long de la carrière.</p>"
    )


def _description_en(spec: OfferSpec) -> str:
    _french, missions = MISSIONS[spec.category]
    return (
        "<p>You join a committed team serving the people of the region.</p><h3>Your missions</h3><ul>"
        f"{''.join(f'<li>{item.capitalize()};</li>' for item in missions)}</ul>"
        "<h3>Your profile</h3><ul><li>First experience in the field, or equivalent training.</li>"
        "<li>A taste for teamwork and public service. French is the working language.</li></ul>"
    )


def _moment(context: DemoContext, *, days_ago: int) -> datetime:
    day = context.today - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(9, 30)))
