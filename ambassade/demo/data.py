"""The demo organisation's fixed shape: entities, department trees, audiences and job titles.

Everything here is fictional. Names of places are invented ("Île-de-Seine"); e-mail addresses use the
reserved `.example` top-level domain, so nothing can ever be sent to a real mailbox.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

ORGANISATION_NAME = "Région Île-de-Seine"
ORGANISATION_SLUG = "ile-de-seine"
EMAIL_DOMAIN = "ile-de-seine.example"


@dataclass(frozen=True)
class Title:
    """A job title in its masculine and feminine forms (French titles agree with the person)."""

    masculine: str
    feminine: str = ""

    def for_person(self, *, female: bool) -> str:
        return (self.feminine or self.masculine) if female else self.masculine


@dataclass(frozen=True)
class DepartmentSpec:
    code: str
    name: str
    # Share of the entity's agents working here, relative to the other departments of the entity.
    weight: float
    # Key of AGENT_TITLES: the trades of the agents working here.
    trade: str
    children: tuple[DepartmentSpec, ...] = ()
    # People just below the head: deputy directors, team leaders.
    deputies: int = 0
    head_title: Title | None = None

    def walk(
        self, depth: int = 0, parent: DepartmentSpec | None = None
    ) -> Iterator[tuple[DepartmentSpec, int, DepartmentSpec | None]]:
        """Every department of the tree, parents first, as (spec, depth, parent spec)."""
        yield self, depth, parent
        for child in self.children:
            yield from child.walk(depth + 1, self)


@dataclass(frozen=True)
class EntitySpec:
    slug: str
    name: str
    kind: str  # an Entity.Kind value
    languages: tuple[str, ...]
    parent_slug: str | None
    headcount: int
    chief_title: Title
    chief_deputy_title: Title
    departments: DepartmentSpec


def _d(
    code: str,
    name: str,
    weight: float,
    trade: str,
    *children: DepartmentSpec,
    deputies: int = 0,
    head_title: Title | None = None,
) -> DepartmentSpec:
    return DepartmentSpec(code, name, weight, trade, children, deputies, head_title)


SIEGE = EntitySpec(
    slug="siege",
    name="Région Île-de-Seine — Siège",
    kind="corporate",
    languages=("fr", "en"),
    parent_slug=None,
    headcount=1150,
    chief_title=Title("Directeur général des services", "Directrice générale des services"),
    chief_deputy_title=Title("Directeur général adjoint", "Directrice générale adjointe"),
    departments=_d(
        "DGS", "Direction générale des services", 0.6, "direction",
        _d("DAJ", "Direction des affaires juridiques et des assemblées", 0.4, "direction",
           _d("DAJ-ASS", "Service des assemblées", 0.9, "legal"),
           _d("DAJ-CTX", "Service du conseil juridique et du contentieux", 0.9, "legal")),
        _d("DFI", "Direction des finances", 0.4, "direction",
           _d("DFI-BUD", "Service du budget", 1.2, "finance"),
           _d("DFI-CPT", "Service de la comptabilité", 1.6, "finance", deputies=1),
           _d("DFI-ACH", "Service de la commande publique", 1.2, "purchasing")),
        _d("DRH", "Direction des ressources humaines", 0.4, "direction",
           _d("DRH-REC", "Service recrutement et mobilité", 1.2, "recruitment"),
           _d("DRH-PAI", "Service paie et carrières", 1.8, "payroll", deputies=1),
           _d("DRH-FOR", "Service formation", 0.8, "training",
              _d("DRH-APP", "Pôle apprentissage", 0.6, "training")),
           _d("DRH-QVT", "Service santé et qualité de vie au travail", 0.8, "health"),
           deputies=1),
        _d("DCOM", "Direction de la communication", 0.4, "direction",
           _d("DCOM-PRE", "Service presse et relations publiques", 0.8, "press"),
           _d("DCOM-NUM", "Service communication numérique", 0.4, "digital",
              _d("DCOM-RS", "Pôle réseaux sociaux", 0.7, "digital"),
              _d("DCOM-WEB", "Pôle web et éditorial", 0.7, "digital")),
           _d("DCOM-EVT", "Service événementiel", 0.8, "events")),
        _d("DTM", "Direction des transports et des mobilités", 0.4, "direction",
           _d("DTM-SCO", "Service des transports scolaires", 1.6, "transport", deputies=1),
           _d("DTM-INF", "Service des infrastructures", 1.4, "engineering"),
           _d("DTM-MOB", "Service des mobilités durables", 1.0, "transport"),
           deputies=1),
        _d("DLY", "Direction des lycées", 0.4, "direction",
           _d("DLY-PAT", "Service du patrimoine des lycées", 0.4, "building",
              _d("DLY-TRX", "Pôle travaux", 1.5, "building"),
              _d("DLY-MNT", "Pôle maintenance", 2.5, "maintenance", deputies=2)),
           _d("DLY-VIE", "Service de la vie lycéenne", 1.0, "education"),
           _d("DLY-AGT", "Service des agents des lycées", 5.0, "school_staff", deputies=4),
           deputies=1),
        _d("DENV", "Direction de l'environnement", 0.4, "direction",
           _d("DENV-BIO", "Service biodiversité et espaces naturels", 1.0, "environment"),
           _d("DENV-TEN", "Service transition énergétique", 1.0, "energy")),
        _d("DNUM", "Direction du numérique", 0.4, "direction",
           _d("DNUM-INF", "Service infrastructures et réseaux", 1.2, "it_infrastructure"),
           _d("DNUM-APP", "Service des applications métier", 1.4, "it_development"),
           _d("DNUM-SUP", "Service support aux utilisateurs", 1.2, "it_support"),
           deputies=1),
        _d("DCUL", "Direction de la culture", 0.4, "direction",
           _d("DCUL-PAT", "Service patrimoine et inventaire", 1.0, "culture"),
           _d("DCUL-SPV", "Service spectacle vivant et cinéma", 0.9, "culture")),
        deputies=4,
    ),
)  # fmt: skip

AGENCE_NORD = EntitySpec(
    slug="agence-nord",
    name="Nord-Seine Développement",
    kind="subsidiary",
    languages=("fr",),
    parent_slug="siege",
    headcount=280,
    chief_title=Title("Directeur général", "Directrice générale"),
    chief_deputy_title=Title("Directeur général délégué", "Directrice générale déléguée"),
    departments=_d(
        "AN-DG", "Direction générale", 0.6, "direction",
        _d("AN-ATT", "Direction de l'attractivité et des entreprises", 0.4, "direction",
           _d("AN-ACC", "Service accompagnement des entreprises", 1.5, "economy",
              _d("AN-INN", "Pôle innovation", 1.0, "economy")),
           _d("AN-INT", "Service international", 1.0, "international")),
        _d("AN-EMP", "Direction de l'emploi et de la formation", 0.4, "direction",
           _d("AN-ORI", "Service orientation et insertion", 1.5, "employment"),
           _d("AN-APP", "Service apprentissage", 1.2, "employment")),
        _d("AN-DAF", "Direction administrative et financière", 0.4, "direction",
           _d("AN-RH", "Service ressources humaines", 0.8, "payroll"),
           _d("AN-FIN", "Service finances", 0.8, "finance"),
           head_title=Title("Directeur administratif et financier",
                            "Directrice administrative et financière")),
        deputies=1,
    ),
)  # fmt: skip

FILIALE_SUD = EntitySpec(
    slug="filiale-sud",
    name="Seine Sud Mobilités",
    kind="subsidiary",
    languages=("fr",),
    parent_slug="siege",
    headcount=370,
    chief_title=Title("Directeur général", "Directrice générale"),
    chief_deputy_title=Title("Directeur général délégué", "Directrice générale déléguée"),
    departments=_d(
        "FS-DG", "Direction générale", 0.6, "direction",
        _d("FS-EXP", "Direction de l'exploitation", 0.4, "direction",
           _d("FS-BUS", "Service réseau bus", 5.0, "drivers", deputies=4),
           _d("FS-MAT", "Service maintenance des véhicules", 1.0, "mechanics",
              _d("FS-ATL", "Pôle atelier central", 2.0, "mechanics", deputies=1))),
        _d("FS-CLI", "Direction commerciale et clientèle", 0.4, "direction",
           _d("FS-REL", "Service relation clients", 1.5, "customer"),
           _d("FS-MKT", "Service marketing et billettique", 1.0, "marketing"),
           head_title=Title("Directeur commercial et clientèle", "Directrice commerciale et clientèle")),
        _d("FS-SUP", "Direction des fonctions support", 0.4, "direction",
           _d("FS-RH", "Service ressources humaines", 0.8, "payroll"),
           _d("FS-FIN", "Service finances et achats", 0.8, "finance")),
        deputies=1,
    ),
)  # fmt: skip

ENTITIES = (SIEGE, AGENCE_NORD, FILIALE_SUD)

# (slug, name, description); the order is the audience's position.
AUDIENCES = (
    ("direction-generale", "Direction générale", "Directeurs généraux et leurs adjoints."),
    ("directeurs", "Directeurs", "Directeurs et directeurs adjoints."),
    ("encadrants", "Encadrants", "Chefs de service, responsables de pôle et chefs d'équipe."),
    ("agents", "Agents", "Toutes les autres personnes."),
)

DIRECTOR_DEPUTY = Title("Directeur adjoint", "Directrice adjointe")
SERVICE_HEAD = Title("Chef de service", "Cheffe de service")
UNIT_HEAD = Title("Responsable de pôle")
TEAM_LEADER = Title("Chef d'équipe", "Cheffe d'équipe")

# Titles of the agents by trade, "masculine|feminine" (one form when both are the same);
# a title listed twice is twice as common.
_TRADES: dict[str, tuple[str, ...]] = {
    "direction": (
        "Assistant de direction|Assistante de direction",
        "Assistant de direction|Assistante de direction",
        "Chargé de mission|Chargée de mission",
        "Chargé de mission|Chargée de mission",
        "Contrôleur de gestion|Contrôleuse de gestion",
        "Secrétaire",
    ),
    "legal": (
        "Juriste",
        "Juriste",
        "Assistant juridique|Assistante juridique",
        "Gestionnaire administratif|Gestionnaire administrative",
    ),
    "finance": (
        "Gestionnaire comptable",
        "Gestionnaire comptable",
        "Analyste financier|Analyste financière",
        "Chargé du budget|Chargée du budget",
        "Gestionnaire administratif|Gestionnaire administrative",
    ),
    "purchasing": (
        "Acheteur public|Acheteuse publique",
        "Juriste commande publique",
        "Gestionnaire administratif|Gestionnaire administrative",
    ),
    "recruitment": (
        "Chargé de recrutement|Chargée de recrutement",
        "Conseiller mobilité|Conseillère mobilité",
        "Gestionnaire administratif|Gestionnaire administrative",
    ),
    "payroll": (
        "Gestionnaire paie et carrière",
        "Gestionnaire paie et carrière",
        "Chargé des relations sociales|Chargée des relations sociales",
    ),
    "training": (
        "Conseiller formation|Conseillère formation",
        "Chargé de l'apprentissage|Chargée de l'apprentissage",
        "Gestionnaire administratif|Gestionnaire administrative",
    ),
    "health": (
        "Conseiller en prévention|Conseillère en prévention",
        "Infirmier du travail|Infirmière du travail",
        "Assistant social|Assistante sociale",
        "Psychologue du travail",
    ),
    "press": (
        "Attaché de presse|Attachée de presse",
        "Chargé de communication|Chargée de communication",
        "Rédacteur|Rédactrice",
    ),
    "digital": (
        "Chargé de communication numérique|Chargée de communication numérique",
        "Community manager",
        "Webmestre",
        "Graphiste",
        "Vidéaste",
    ),
    "events": (
        "Chargé d'événementiel|Chargée d'événementiel",
        "Régisseur|Régisseuse",
        "Chargé du protocole|Chargée du protocole",
    ),
    "transport": (
        "Chargé d'études mobilité|Chargée d'études mobilité",
        "Gestionnaire transports scolaires",
        "Gestionnaire transports scolaires",
        "Technicien transports|Technicienne transports",
    ),
    "engineering": (
        "Ingénieur infrastructures|Ingénieure infrastructures",
        "Technicien travaux publics|Technicienne travaux publics",
        "Conducteur d'opération|Conductrice d'opération",
    ),
    "building": (
        "Conducteur d'opération|Conductrice d'opération",
        "Technicien bâtiment|Technicienne bâtiment",
        "Architecte",
        "Économiste de la construction",
    ),
    "maintenance": (
        "Agent de maintenance|Agente de maintenance",
        "Agent de maintenance|Agente de maintenance",
        "Électricien|Électricienne",
        "Plombier chauffagiste|Plombière chauffagiste",
        "Menuisier|Menuisière",
    ),
    "education": (
        "Chargé de mission vie lycéenne|Chargée de mission vie lycéenne",
        "Gestionnaire des aides aux lycéens",
        "Gestionnaire administratif|Gestionnaire administrative",
    ),
    "school_staff": (
        "Agent d'entretien|Agente d'entretien",
        "Agent d'entretien|Agente d'entretien",
        "Agent d'accueil|Agente d'accueil",
        "Cuisinier|Cuisinière",
        "Agent de restauration|Agente de restauration",
        "Agent polyvalent|Agente polyvalente",
    ),
    "environment": (
        "Chargé de mission biodiversité|Chargée de mission biodiversité",
        "Technicien espaces naturels|Technicienne espaces naturels",
        "Écologue",
    ),
    "energy": (
        "Ingénieur énergie|Ingénieure énergie",
        "Chargé de mission climat|Chargée de mission climat",
        "Conseiller énergie|Conseillère énergie",
    ),
    "it_infrastructure": (
        "Administrateur systèmes et réseaux|Administratrice systèmes et réseaux",
        "Ingénieur sécurité|Ingénieure sécurité",
        "Technicien réseaux|Technicienne réseaux",
    ),
    "it_development": (
        "Développeur|Développeuse",
        "Chef de projet applicatif|Cheffe de projet applicatif",
        "Analyste fonctionnel|Analyste fonctionnelle",
        "Administrateur de bases de données|Administratrice de bases de données",
    ),
    "it_support": (
        "Technicien support|Technicienne support",
        "Technicien support|Technicienne support",
        "Gestionnaire de parc informatique",
    ),
    "culture": (
        "Chargé de mission patrimoine|Chargée de mission patrimoine",
        "Médiateur culturel|Médiatrice culturelle",
        "Chercheur de l'inventaire|Chercheuse de l'inventaire",
        "Chargé de mission spectacle vivant|Chargée de mission spectacle vivant",
    ),
    "economy": (
        "Chargé d'affaires|Chargée d'affaires",
        "Chargé d'affaires|Chargée d'affaires",
        "Chargé de mission innovation|Chargée de mission innovation",
        "Analyste économique",
    ),
    "international": (
        "Chargé de développement international|Chargée de développement international",
        "Chargé de mission Europe|Chargée de mission Europe",
    ),
    "employment": (
        "Conseiller emploi|Conseillère emploi",
        "Conseiller emploi|Conseillère emploi",
        "Chargé de relations entreprises|Chargée de relations entreprises",
        "Formateur|Formatrice",
    ),
    "drivers": (
        "Conducteur de bus|Conductrice de bus",
        "Conducteur de bus|Conductrice de bus",
        "Conducteur de bus|Conductrice de bus",
        "Régulateur|Régulatrice",
        "Contrôleur|Contrôleuse",
    ),
    "mechanics": (
        "Mécanicien poids lourds|Mécanicienne poids lourds",
        "Électromécanicien|Électromécanicienne",
        "Carrossier|Carrossière",
        "Magasinier|Magasinière",
    ),
    "customer": (
        "Conseiller clientèle|Conseillère clientèle",
        "Conseiller clientèle|Conseillère clientèle",
        "Agent d'information voyageurs|Agente d'information voyageurs",
    ),
    "marketing": (
        "Chargé de marketing|Chargée de marketing",
        "Chargé de billettique|Chargée de billettique",
        "Analyste données clients",
    ),
}

AGENT_TITLES: dict[str, tuple[Title, ...]] = {
    trade: tuple(Title(*title.split("|")) for title in titles) for trade, titles in _TRADES.items()
}
