"""Build the demo organisation: `python manage.py load_demo [--reset] [--password PW]`.

The demo is a list of named steps (`STEPS`) run in order inside one transaction. Each step is a
function receiving the shared `DemoContext`: the organisation, what earlier steps created (entities,
departments, audiences, people, heads of department, users) and the two sources of chance, `rng`
(random.Random) and `faker` (Faker "fr_FR").

Determinism: before each step both sources are re-seeded from the fixed SEED and the step's name, so a
step always draws the same numbers, whatever steps run before it. The only thing that moves is
`context.today`: departure dates are relative to the day of loading, so that "left last month" and
"leaves next month" stay true.

How a later capability extends the demo (the one place to do so):

    # ambassade/demo/careers.py
    def job_offers_create(context: DemoContext) -> None:
        ...  # bulk_create rows for context.organisation, using context.entities, context.rng...

    # here, in _later_capabilities() (after the steps it depends on; imported there because
    # those modules use DemoContext from this one):
    DemoStep("job offers", careers.job_offers_create),

Use bulk_create (the whole load takes a few seconds), draw chance only from `context.rng` and
`context.faker`, and keep what later steps need on the context (add a field to DemoContext). If the
new models refer to the organisation's rows with on_delete=PROTECT, delete them first in
`demo_delete` so that `--reset` keeps working.
"""

from __future__ import annotations

import random
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from faker import Faker
from tqdm import tqdm

from ambassade.core.audit import audit_record
from ambassade.demo import data
from ambassade.demo.data import DepartmentSpec, EntitySpec, Title
from ambassade.orgs.models import Audience, Department, Entity, Membership, Organisation, Person
from ambassade.orgs.roles import Role

SEED = 2025
DEFAULT_PASSWORD = "ambassade-demo"  # noqa: S105 - the published password of the demo accounts
INACTIVE_PEOPLE = 36
LEAVING_PEOPLE = 15
FEMALE_SHARE = 0.53
EARLIEST_START = date(1990, 1, 2)
LATEST_START = date(2025, 6, 30)
DEMO_USERNAMES = ("admin", "comms", "recruiter", "manager", "employee")


class DemoError(Exception):
    """The demo cannot be loaded; the message says why and what to do."""


@dataclass
class DemoContext:
    organisation: Organisation
    password_hash: str
    today: date
    rng: random.Random = field(default_factory=random.Random)
    faker: Faker = field(default_factory=lambda: Faker("fr_FR"))
    entities: dict[str, Entity] = field(default_factory=dict)  # by slug
    departments: dict[str, Department] = field(default_factory=dict)  # by code
    audiences: dict[str, Audience] = field(default_factory=dict)  # by slug
    people: list[Person] = field(default_factory=list)
    heads: dict[str, Person] = field(default_factory=dict)  # department code -> its head
    users: dict[str, AbstractBaseUser] = field(default_factory=dict)  # by username

    def reseed(self, step_name: str) -> None:
        self.rng.seed(f"{SEED}:{step_name}")
        self.faker.seed_instance(f"{SEED}:{step_name}")


@dataclass(frozen=True)
class DemoStep:
    name: str
    run: Callable[[DemoContext], None]


@dataclass(frozen=True)
class DemoLoadResult:
    organisation: Organisation
    loaded: bool  # False when the demo organisation was already there
    counts: dict[str, int]


# --- the steps ------------------------------------------------------------------------------------


def entities_create(context: DemoContext) -> None:
    for spec in data.ENTITIES:
        context.entities[spec.slug] = Entity.objects.create(
            organisation=context.organisation,
            parent=context.entities[spec.parent_slug] if spec.parent_slug else None,
            kind=spec.kind,
            name=spec.name,
            slug=spec.slug,
            languages=list(spec.languages),
        )


def departments_create(context: DemoContext) -> None:
    """One insert per tree level (children need their parent's id), then one update of the paths."""
    levels: dict[int, list[Department]] = {}
    for entity_spec in data.ENTITIES:
        entity = context.entities[entity_spec.slug]
        for spec, depth, parent in entity_spec.departments.walk():
            department = Department(
                organisation=context.organisation,
                entity=entity,
                parent=context.departments[parent.code] if parent else None,
                name=spec.name,
                code=spec.code,
                depth=depth,
            )
            context.departments[spec.code] = department
            levels.setdefault(depth, []).append(department)
    for depth in sorted(levels):
        Department.objects.bulk_create(levels[depth])
        for department in levels[depth]:
            parent_path = department.parent.path if department.parent else "/"
            department.path = f"{parent_path}{department.pk}/"
    Department.objects.bulk_update(context.departments.values(), ["path"])


def audiences_create(context: DemoContext) -> None:
    audiences = [
        Audience(
            organisation=context.organisation,
            slug=slug,
            name=name,
            description=description,
            position=position,
        )
        for position, (slug, name, description) in enumerate(data.AUDIENCES, start=1)
    ]
    Audience.objects.bulk_create(audiences)
    context.audiences = {audience.slug: audience for audience in audiences}


def people_create(context: DemoContext) -> None:
    """Everyone: per department its head, the deputies, then the agents; a few have left or are leaving."""
    total = sum(spec.headcount for spec in data.ENTITIES)
    builder = _PeopleBuilder(context, hr_numbers=context.rng.sample(range(1, 1_000_000), total))
    for entity_spec in data.ENTITIES:
        _staff_entity(builder, entity_spec)
    agents = [person for person in builder.people if person.audience == context.audiences["agents"]]
    departed = context.rng.sample(agents, INACTIVE_PEOPLE)
    for person in departed:
        _mark_departed(context, person)
    staying = [person for person in agents if person.is_active]
    for person in context.rng.sample(staying, LEAVING_PEOPLE):
        person.active_until = context.today + timedelta(days=context.rng.randint(7, 120))
    context.people = Person.objects.bulk_create(builder.people, batch_size=500)


def managers_assign(context: DemoContext) -> None:
    """Each person reports to the head of their department; a head reports to the head of the parent."""
    for person in context.people:
        department = person.department
        assert department is not None
        head: Person | None = context.heads[department.code]
        if head is person:
            head = context.heads[department.parent.code] if department.parent else None
        person.manager = head
    Person.objects.bulk_update(context.people, ["manager"], batch_size=500)


def users_create(context: DemoContext) -> None:
    """One account per role, each linked to a person whose job fits the role."""
    accounts = [
        ("admin", Role.HR_ADMIN, context.heads["DRH"], None),
        ("comms", Role.COMMS, _first_agent(context, "DCOM-RS", "Community manager"), None),
        ("recruiter", Role.RECRUITER, _first_agent(context, "DRH-REC", "Chargé"), None),
        ("manager", Role.MANAGER, context.heads["DNUM"], context.departments["DNUM"]),
        ("employee", Role.EMPLOYEE, _first_agent(context, "DNUM-SUP", "Technicien"), None),
    ]
    user_model = get_user_model()
    for username, role, person, scope in accounts:
        user = user_model.objects.create(
            username=username,
            email=person.email,
            first_name=person.first_name,
            last_name=person.last_name,
            password=context.password_hash,
        )
        Membership.objects.create(
            user=user, organisation=context.organisation, role=role, person=person, scope_department=scope
        )
        context.users[username] = user


STEPS: list[DemoStep] = [
    DemoStep("entities", entities_create),
    DemoStep("departments", departments_create),
    DemoStep("audiences", audiences_create),
    DemoStep("people", people_create),
    DemoStep("managers", managers_assign),
    DemoStep("users", users_create),
]


def _later_capabilities() -> list[DemoStep]:
    # Imported here: these modules use DemoContext from this one.
    from ambassade.demo import (
        analytics,
        applications,
        careers,
        inbox,
        intranet,
        links,
        listening,
        network,
        programme,
        referrals,
        reviews,
        training,
        training_impact,
    )

    return [
        DemoStep("careers", careers.careers_create),
        DemoStep("tracked links", links.links_create),
        DemoStep("ambassador programme", programme.programme_create),
        DemoStep("applications", applications.applications_create),
        DemoStep("referrals and rewards", referrals.referrals_create),
        DemoStep("listening", listening.listening_create),
        DemoStep("candidate inbox", inbox.inbox_create),
        DemoStep("training", training.training_create),
        DemoStep("training impact", training_impact.training_impact_create),
        DemoStep("ambassador networks", network.network_create),
        DemoStep("analytics", analytics.analytics_create),
        DemoStep("intranet digest", intranet.intranet_create),
        DemoStep("yearly review", reviews.reviews_create),
    ]


# --- loading and deleting ---------------------------------------------------------------------------


def demo_organisation_get() -> Organisation | None:
    return Organisation.objects.filter(slug=data.ORGANISATION_SLUG).first()


def demo_load(
    *, password: str = DEFAULT_PASSWORD, reset: bool = False, progress: bool = False
) -> DemoLoadResult:
    """Load the demo organisation once; with reset, delete it and everything under it, then load it again."""
    if not password:
        raise DemoError(_("The demo password cannot be empty."))
    existing = demo_organisation_get()
    if existing is not None and not reset:
        return DemoLoadResult(organisation=existing, loaded=False, counts=_counts(existing))
    with transaction.atomic():
        if existing is not None:
            demo_delete(organisation=existing)
        _check_usernames_free()
        organisation = Organisation.objects.create(
            name=data.ORGANISATION_NAME, slug=data.ORGANISATION_SLUG, default_language="fr"
        )
        # One hash for the five accounts: hashing is deliberately slow, and they share the password anyway.
        context = DemoContext(
            organisation=organisation, password_hash=make_password(password), today=timezone.localdate()
        )
        _run_steps(context, progress=progress)
        counts = _counts(organisation)
        audit_record(actor=None, action="demo.load", organisation=organisation, target=organisation,
                     changes={"seed": SEED, "reset": existing is not None, **counts})  # fmt: skip
    return DemoLoadResult(organisation=organisation, loaded=True, counts=counts)


def demo_delete(*, organisation: Organisation) -> None:
    """Delete the demo organisation, its accounts and everything under it (in an order PROTECT allows)."""
    from ambassade.demo import applications, careers, programme, referrals

    referrals.referrals_delete(organisation=organisation)
    applications.applications_delete(organisation=organisation)
    programme.programme_delete(organisation=organisation)
    careers.careers_delete(organisation=organisation)
    get_user_model().objects.filter(membership__organisation=organisation).delete()
    people = Person.objects.filter(organisation=organisation)
    people.update(manager=None)
    people.delete()
    departments = Department.objects.filter(organisation=organisation)
    departments.update(parent=None)
    departments.delete()
    entities = Entity.objects.filter(organisation=organisation)
    entities.update(parent=None)
    entities.delete()
    organisation.delete()


def _run_steps(context: DemoContext, *, progress: bool) -> None:
    bar = tqdm(
        STEPS + _later_capabilities(),
        desc=_("Demo"),
        unit=_("step"),
        file=sys.stderr,
        delay=0.5,
        disable=not progress,
    )
    for step in bar:
        bar.set_postfix_str(step.name)
        context.reseed(step.name)
        step.run(context)


def _check_usernames_free() -> None:
    taken = list(
        get_user_model().objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True)
    )
    if taken:
        raise DemoError(
            _(
                "These user names are taken by accounts outside the demo organisation: %(names)s. "
                "Rename or delete those accounts, or use a fresh database, then load the demo again."
            )
            % {"names": ", ".join(sorted(taken))}
        )


def _counts(organisation: Organisation) -> dict[str, int]:
    return {
        "entities": organisation.entities.count(),
        "departments": organisation.departments.count(),
        "audiences": organisation.audiences.count(),
        "people": organisation.people.count(),
        "users": organisation.memberships.count(),
    }


# --- building people ----------------------------------------------------------------------------------


class _PeopleBuilder:
    def __init__(self, context: DemoContext, *, hr_numbers: list[int]) -> None:
        self.context = context
        self.hr_numbers = iter(hr_numbers)
        self.emails: set[str] = set()
        self.people: list[Person] = []

    def add(self, *, entity: Entity, department: Department, audience: str, title: Title) -> Person:
        rng, faker = self.context.rng, self.context.faker
        female = rng.random() < FEMALE_SHARE
        first_name = faker.first_name_female() if female else faker.first_name_male()
        last_name = faker.last_name()
        person = Person(
            organisation=self.context.organisation,
            hr_id=f"M{next(self.hr_numbers):06d}",
            first_name=first_name,
            last_name=last_name,
            email=self._email(first_name, last_name),
            entity=entity,
            department=department,
            audience=self.context.audiences[audience],
            job_title=title.for_person(female=female),
            active_from=EARLIEST_START + timedelta(days=rng.randrange((LATEST_START - EARLIEST_START).days)),
        )
        self.people.append(person)
        return person

    def _email(self, first_name: str, last_name: str) -> str:
        local = f"{_ascii_slug(first_name)}.{_ascii_slug(last_name)}"
        candidate, number = local, 1
        while candidate in self.emails:
            number += 1
            candidate = f"{local}{number}"
        self.emails.add(candidate)
        return f"{candidate}@{data.EMAIL_DOMAIN}"


def _staff_entity(builder: _PeopleBuilder, entity_spec: EntitySpec) -> None:
    context = builder.context
    entity = context.entities[entity_spec.slug]
    tree = list(entity_spec.departments.walk())
    leaders = sum(1 + spec.deputies for spec, _depth, _parent in tree)
    agent_counts = _allocate(entity_spec.headcount - leaders, [spec.weight for spec, _depth, _parent in tree])
    for (spec, depth, _parent), agents in zip(tree, agent_counts, strict=True):
        department = context.departments[spec.code]
        head_title, deputy_title, audience = _leadership(entity_spec, spec, depth)
        context.heads[spec.code] = builder.add(
            entity=entity, department=department, audience=audience, title=head_title
        )
        for _index in range(spec.deputies):
            builder.add(entity=entity, department=department, audience=audience, title=deputy_title)
        trades = data.AGENT_TITLES[spec.trade]
        for _index in range(agents):
            builder.add(
                entity=entity, department=department, audience="agents", title=context.rng.choice(trades)
            )


def _leadership(entity_spec: EntitySpec, spec: DepartmentSpec, depth: int) -> tuple[Title, Title, str]:
    """The head's title, the deputies' title and their audience, from the department's place in the tree."""
    if depth == 0:
        return entity_spec.chief_title, entity_spec.chief_deputy_title, "direction-generale"
    if depth == 1:
        head = spec.head_title or Title(
            spec.name.replace("Direction", "Directeur", 1), spec.name.replace("Direction", "Directrice", 1)
        )
        return head, data.DIRECTOR_DEPUTY, "directeurs"
    head = data.UNIT_HEAD if spec.name.startswith("Pôle") else data.SERVICE_HEAD
    return spec.head_title or head, data.TEAM_LEADER, "encadrants"


def _allocate(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainders), so the counts add up exactly."""
    shares = [total * weight / sum(weights) for weight in weights]
    counts = [int(share) for share in shares]
    by_remainder = sorted(range(len(shares)), key=lambda index: (counts[index] - shares[index], index))
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


def _mark_departed(context: DemoContext, person: Person) -> None:
    person.active_until = context.today - timedelta(days=context.rng.randint(10, 900))
    assert person.active_from is not None
    if person.active_from > person.active_until - timedelta(days=90):
        person.active_from = person.active_until - timedelta(days=context.rng.randint(180, 2500))
    person.is_active = False
    next_morning = datetime.combine(person.active_until + timedelta(days=1), time(1, 0))
    person.deactivated_at = timezone.make_aware(next_morning)


def _first_agent(context: DemoContext, code: str, title_prefix: str) -> Person:
    """The first active, staying agent of a department, preferring one whose job title fits the account."""
    agents = [
        person
        for person in context.people
        if person.department == context.departments[code]
        and person.audience == context.audiences["agents"]
        and person.is_active
        and person.active_until is None
    ]
    fitting = [person for person in agents if person.job_title.startswith(title_prefix)]
    return (fitting or agents)[0]


def _ascii_slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    words = "".join(char if char.isalnum() else " " for char in plain.replace("'", "")).split()
    return "-".join(words)
