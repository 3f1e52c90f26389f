"""The training impact endpoint of the JSON API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["training"])
