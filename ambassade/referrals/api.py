"""The introductions API (/api/v1/introductions/)."""

from ninja import Router

router = Router(tags=["referral"])
