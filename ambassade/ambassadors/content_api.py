"""The content API: items and the caller's share links (registered in ambassade/api/api.py)."""

from ninja import Router

router = Router(tags=["content"])
