"""The permission policy of the training URLs (see ambassade/testing/permissions.py).

"My training", registering, the .ics and self check-in are for every member (for the sessions open to
them); programmes, tracks, sessions, waves and attendance are for programme admins (HR admins, comms).
Another organisation's objects answer 404.
"""

from __future__ import annotations

from typing import Any

from ambassade.testing.factories import World
from ambassade.testing.permissions import Rule, api_rule
from ambassade.training.tests.impact_policies import POLICY as IMPACT_POLICY


def _session(world: World) -> dict[str, Any]:
    from ambassade.training.tests.support import session_for

    return {"pk": session_for(world.organisation).pk}


def _registered_session(world: World) -> dict[str, Any]:
    from ambassade.training.tests.support import registration_make, session_for

    session = session_for(world.organisation)
    registration_make(session, world.people["employee"])
    return {"pk": session.pk}


def _registration(world: World) -> dict[str, Any]:
    from ambassade.training.tests.support import registration_make, session_for

    return {"pk": registration_make(session_for(world.organisation), world.people["employee"]).pk}


def _programme(world: World) -> dict[str, Any]:
    from ambassade.training.tests.support import programme_make

    return {"pk": programme_make(world.organisation).pk}


def _track(world: World) -> dict[str, Any]:
    from ambassade.training.tests.support import programme_make, track_make

    return {"pk": track_make(programme_make(world.organisation)).pk}


def _wave(world: World) -> dict[str, Any]:
    from ambassade.training.models import Wave
    from ambassade.training.tests.support import programme_make

    wave = Wave.objects.create(programme=programme_make(world.organisation), name="Vague 1 : direction")
    wave.audiences.set([world.audiences["executives"]])
    return {"pk": wave.pk}


MEMBERS = "N302 A200 C200 R200 M200 E200 O200"
MEMBERS_OBJECT = "N302 A200 C200 R200 M200 E200 O404"
ADMINS = "N302 A200 C200 R403 M403 E403 O200"
ADMINS_OBJECT = "N302 A200 C200 R403 M403 E403 O404"
ADMINS_WRITE = "N302 A302 C302 R403 M403 E403 O404"

POLICY: dict[str, Rule] = {
    "training_mine": Rule(MEMBERS),
    "training_session_register": Rule(
        "N302 A302 C302 R302 M302 E302 O404", method="post", kwargs=_session, data=lambda w: {}
    ),
    "training_session_unregister": Rule(
        "N302 A404 C404 R404 M404 E302 O404", method="post", kwargs=_registered_session, data=lambda w: {}
    ),
    "training_session_ics": Rule(MEMBERS_OBJECT, kwargs=_session),
    "training_check_in": Rule(MEMBERS_OBJECT, kwargs=_session),
    "training_programme_list": Rule(ADMINS),
    "training_programme_new": Rule(ADMINS),
    "training_programme_detail": Rule(ADMINS_OBJECT, kwargs=_programme),
    "training_programme_edit": Rule(ADMINS_OBJECT, kwargs=_programme),
    "training_track_new": Rule(ADMINS_OBJECT, kwargs=_programme),
    "training_wave_new": Rule(ADMINS_OBJECT, kwargs=_programme),
    "training_track_detail": Rule(ADMINS_OBJECT, kwargs=_track),
    "training_track_edit": Rule(ADMINS_OBJECT, kwargs=_track),
    "training_session_new": Rule(ADMINS_OBJECT, kwargs=_track),
    "training_session_detail": Rule(ADMINS_OBJECT, kwargs=_session),
    "training_session_edit": Rule(ADMINS_OBJECT, kwargs=_session),
    "training_session_cancel": Rule(ADMINS_WRITE, method="post", kwargs=_session, data=lambda w: {}),
    "training_session_qr": Rule(ADMINS_OBJECT, kwargs=_session),
    # No file: the form says so (400) without recording anything.
    "training_attendance_import": Rule(
        "N302 A400 C400 R403 M403 E403 O404", method="post", kwargs=_session, data=lambda w: {}
    ),
    "training_attendance_set": Rule(
        ADMINS_WRITE, method="post", kwargs=_registration, data=lambda w: {"attendance": "present"}
    ),
    "training_wave_detail": Rule(ADMINS_OBJECT, kwargs=_wave),
    "training_wave_edit": Rule(ADMINS_OBJECT, kwargs=_wave),
    "training_wave_send": Rule(ADMINS_WRITE, method="post", kwargs=_wave, data=lambda w: {}),
    "api:training_session_list": api_rule("N401 A200 C200 R200 M200 E200 O200", "get"),
    "api:training_session_get": api_rule("N401 A200 C200 R200 M200 E200 O404", "get", _session),
}
POLICY.update(IMPACT_POLICY)
