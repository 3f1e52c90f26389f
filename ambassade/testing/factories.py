"""Small builders for tests: a realistic little organisation and one user per role."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from ambassade.orgs.models import Audience, Department, Entity, Membership, Organisation, Person
from ambassade.orgs.roles import Role

PASSWORD = "persona-password-42"  # noqa: S105 (test accounts only)
_sequence = count(1)


def organisation_create(name: str = "Région Exemple", slug: str | None = None) -> Organisation:
    return Organisation.objects.create(name=name, slug=slug or f"org-{next(_sequence)}")


def entity_create(organisation: Organisation, name: str = "Siège", **values: object) -> Entity:
    values.setdefault("slug", f"entity-{next(_sequence)}")
    values.setdefault("kind", Entity.Kind.CORPORATE)
    return Entity.objects.create(organisation=organisation, name=name, **values)


def department_create(
    entity: Entity, name: str, parent: Department | None = None, code: str = ""
) -> Department:
    department = Department.objects.create(
        organisation=entity.organisation, entity=entity, name=name, parent=parent, code=code
    )
    parent_path = parent.path if parent else "/"
    department.path = f"{parent_path}{department.pk}/"
    department.depth = department.path.count("/") - 2
    department.save(update_fields=["path", "depth"])
    return department


def audience_create(organisation: Organisation, name: str, position: int = 0) -> Audience:
    return Audience.objects.create(
        organisation=organisation, name=name, slug=f"audience-{next(_sequence)}", position=position
    )


def person_create(entity: Entity, department: Department | None = None, **values: object) -> Person:
    number = next(_sequence)
    values.setdefault("hr_id", f"HR{number:05d}")
    values.setdefault("first_name", f"Prénom{number}")
    values.setdefault("last_name", f"Nom{number}")
    values.setdefault("email", f"person{number}@example.org")
    return Person.objects.create(
        organisation=entity.organisation, entity=entity, department=department, **values
    )


def user_create(
    username: str, *, organisation: Organisation | None, role: Role | None, person: Person | None = None
) -> User:
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=username.title()
    )
    if organisation is not None and role is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role, person=person)
    return user


@dataclass
class World:
    """One organisation with two entities, a department tree, audiences, people, and a user per role;
    plus an outsider: an HR admin of another organisation."""

    organisation: Organisation
    hq: Entity
    subsidiary: Entity
    direction: Department  # top of HQ's tree
    service: Department  # under direction: the manager's scope
    unit: Department  # under service
    other_service: Department  # elsewhere in HQ
    subsidiary_service: Department
    audiences: dict[str, Audience]
    people: dict[str, Person]
    users: dict[str, User] = field(default_factory=dict)
    foreign_organisation: Organisation | None = None
    foreign_person: Person | None = None
    foreign_department: Department | None = None


def world_create() -> World:
    organisation = organisation_create("Région Exemple")
    hq = entity_create(organisation, "Siège", slug="siege")
    subsidiary = entity_create(
        organisation, "Filiale Sud", slug="sud", kind=Entity.Kind.SUBSIDIARY, parent=hq
    )
    direction = department_create(hq, "Direction générale", code="DG")
    service = department_create(hq, "Service communication", parent=direction, code="COM")
    unit = department_create(hq, "Pôle web", parent=service, code="WEB")
    other_service = department_create(hq, "Service finances", parent=direction, code="FIN")
    subsidiary_service = department_create(subsidiary, "Agence Marseille", code="MRS")
    audiences = {
        "executives": audience_create(organisation, "Direction générale", 1),
        "directors": audience_create(organisation, "Directeurs", 2),
        "managers": audience_create(organisation, "Encadrants", 3),
        "agents": audience_create(organisation, "Agents", 4),
    }
    people = {
        "admin": person_create(
            hq, direction, first_name="Hélène", last_name="Admin", audience=audiences["directors"]
        ),
        "comms": person_create(
            hq, service, first_name="Camille", last_name="Comm", audience=audiences["agents"]
        ),
        "recruiter": person_create(hq, other_service, first_name="Romain", last_name="Recrute"),
        "manager": person_create(
            hq, service, first_name="Maëlle", last_name="Manager", audience=audiences["managers"]
        ),
        "employee": person_create(
            hq, unit, first_name="Émile", last_name="Employé", audience=audiences["agents"]
        ),
    }
    for index in range(6):
        person_create(hq, unit, audience=audiences["agents"], first_name=f"Agent{index}", last_name="Web")
    for index in range(3):
        person_create(
            hq, other_service, audience=audiences["agents"], first_name=f"Agent{index}", last_name="Fin"
        )
    person_create(subsidiary, subsidiary_service, first_name="Sud", last_name="Agent")
    world = World(
        organisation,
        hq,
        subsidiary,
        direction,
        service,
        unit,
        other_service,
        subsidiary_service,
        audiences,
        people,
    )
    roles = {
        "admin": Role.HR_ADMIN,
        "comms": Role.COMMS,
        "recruiter": Role.RECRUITER,
        "manager": Role.MANAGER,
        "employee": Role.EMPLOYEE,
    }
    for name, role in roles.items():
        world.users[name] = user_create(name, organisation=organisation, role=role, person=people[name])
    _add_outsider(world)
    return world


def _add_outsider(world: World) -> None:
    foreign = organisation_create("Autre Organisation")
    foreign_hq = entity_create(foreign, "Autre siège", slug="autre")
    world.foreign_organisation = foreign
    world.foreign_department = department_create(foreign_hq, "Service étranger")
    world.foreign_person = person_create(foreign_hq, world.foreign_department, first_name="Étrangère")
    world.users["outsider"] = user_create("outsider", organisation=foreign, role=Role.HR_ADMIN)
