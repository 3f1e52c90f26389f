from typing import Any

from django.conf import settings
from django.http import HttpRequest

from ambassade.orgs.roles import DIRECTORY_ROLES, STRUCTURE_ROLES, Role


def membership(request: HttpRequest) -> dict[str, Any]:
    current = getattr(request, "membership", None)
    role = current.role if current is not None else None
    return {
        "membership": current,
        "organisation": current.organisation if current is not None else None,
        "role": role,
        "Role": Role,
        "can_admin": role == Role.HR_ADMIN,
        "can_see_directory": role in DIRECTORY_ROLES,
        "can_see_structure": role in STRUCTURE_ROLES,
        "oidc_enabled": settings.OIDC_ENABLED,
    }
