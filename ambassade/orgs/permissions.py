from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ambassade.orgs.roles import Role

View = Callable[..., HttpResponse]


def roles_required(*roles: Role) -> Callable[[View], View]:
    """Sign-in required; then the user needs a membership, and one of `roles` when any are given."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = getattr(request, "membership", None)
            if membership is None:
                if request.user.is_superuser:
                    return redirect("setup")
                return render(request, "orgs/no_membership.html", status=403)
            if roles and membership.role not in roles:
                return render(request, "403.html", status=403)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


member_required = roles_required()
hr_admin_required = roles_required(Role.HR_ADMIN)
