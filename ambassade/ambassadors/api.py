"""The programme API: adoption and coverage (registered in ambassade/api/api.py)."""

from ninja import Router

router = Router(tags=["programme"])
