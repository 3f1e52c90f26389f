from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import ConfigDict

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
# Beyond any real list; keeps the offset within what every database accepts.
MAX_OFFSET = 1_000_000_000


class ApiPagination(LimitOffsetPagination):
    """`?limit=&offset=`; answers {"count": total, "items": [...]}."""

    class Input(Schema):
        model_config = ConfigDict(title="Pagination")

        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many items to return (1–500).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
