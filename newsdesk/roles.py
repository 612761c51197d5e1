"""Roles (annotator, reviewer, admin) as Django groups, and the checks views use.

The groups are created by a data migration. A superuser counts as admin; an
admin can do everything a reviewer can, and a reviewer everything a reader can.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

ANNOTATOR = "annotator"
REVIEWER = "reviewer"
ADMIN = "admin"
ROLES = (ANNOTATOR, REVIEWER, ADMIN)

AnyUser = User | AnonymousUser


def user_roles(user: AnyUser) -> frozenset[str]:
    """The user's role names, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached: frozenset[str] | None = getattr(user, "_newsdesk_roles", None)
    if cached is not None:
        return cached
    names = set(user.groups.values_list("name", flat=True))
    if user.is_superuser:
        names.add(ADMIN)
    roles = frozenset(names & set(ROLES))
    user._newsdesk_roles = roles  # type: ignore[attr-defined]  # a per-request cache on the user object
    return roles


def is_admin(user: AnyUser) -> bool:
    return ADMIN in user_roles(user)


def is_reviewer(user: AnyUser) -> bool:
    roles = user_roles(user)
    return REVIEWER in roles or ADMIN in roles


def is_annotator(user: AnyUser) -> bool:
    return ANNOTATOR in user_roles(user)


ROLE_CHECKS: dict[str, Callable[[AnyUser], bool]] = {
    ANNOTATOR: is_annotator,
    REVIEWER: is_reviewer,
    ADMIN: is_admin,
}


def role_required[V: Callable[..., HttpResponseBase]](*roles: str) -> Callable[[V], V]:
    """Login required, then 403 unless the user holds one of `roles`.

    Admins pass every check (they can do everything); reviewers pass reviewer checks.
    """
    for role in roles:
        if role not in ROLE_CHECKS:
            raise ValueError(f"unknown role {role!r}")

    def decorator(view: V) -> V:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not (is_admin(request.user) or any(ROLE_CHECKS[r](request.user) for r in roles)):
                raise PermissionDenied("Your role does not allow this.")
            return view(request, *args, **kwargs)

        wrapped.required_roles = roles  # type: ignore[attr-defined]
        return cast(V, login_required(wrapped))

    return decorator
