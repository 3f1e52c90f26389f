"""The permission policy of the training impact URLs (see ambassade/testing/permissions.py).

Programme admins (HR admins, comms) only; managers get 403 (the comparison group reaches beyond their
subtree, see docs/training-impact.md); another organisation's sessions and tracks answer 404.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ambassade.testing.factories import World
from ambassade.testing.permissions import Rule, api_rule


def _session(world: World) -> Any:
    from django.utils import timezone

    from ambassade.training.models import Track, TrainingProgramme, TrainingSession

    programme = TrainingProgramme.objects.create(organisation=world.organisation, name="Ambassadeurs 2027")
    track = Track.objects.create(programme=programme, name="Agents")
    starts = timezone.now() - timedelta(weeks=6)
    return TrainingSession.objects.create(
        organisation=world.organisation, track=track, title="Atelier", starts_at=starts, ends_at=starts
    )


def policy_impact_session(world: World) -> dict[str, Any]:
    return {"pk": _session(world).pk}


def policy_impact_track(world: World) -> dict[str, Any]:
    return {"pk": _session(world).track_id}


ADMINS_OBJECT = "N302 A200 C200 R403 M403 E403 O404"

POLICY: dict[str, Rule] = {
    "training_impact_session": Rule(ADMINS_OBJECT, kwargs=policy_impact_session),
    "training_impact_track": Rule(ADMINS_OBJECT, kwargs=policy_impact_track),
    "api:training_impact_get": api_rule("N401 A200 C200 R403 M403 E403 O404", "get", policy_impact_session),
}
