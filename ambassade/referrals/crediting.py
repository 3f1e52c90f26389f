"""Credit rule, points per stage, holds for review, payroll bonus (owned by helper B)."""

from __future__ import annotations

from typing import Any

from ambassade.careers.models import Application


def introduction_stage_changed(*, application: Application, before: str, actor: Any) -> None:
    """The candidate of an introduction moved: update the introducer's points and tell them."""
