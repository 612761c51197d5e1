"""What every part of the API shares: token auth, the error shape, input checks, pagination."""

from datetime import timedelta
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination
from ninja.security import HttpBearer
from pydantic import field_validator

from newsdesk.models import UNENCODABLE, ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token or len(token) > 200:
            return None
        found = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash(token)).first()
        if found is None or not found.user.is_active:
            return None
        if found.last_used_at is None or timezone.now() - found.last_used_at > timedelta(minutes=5):
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


def session_or_token_required(view: Any) -> Any:
    """For the schema and docs pages: a valid Bearer token counts as logged in, else login as usual."""
    guarded = login_required(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer ") and TokenAuth().authenticate(request, header[7:].strip()):
            return view(request, *args, **kwargs)
        return guarded(request, *args, **kwargs)

    return wrapper


def require(check: bool, message: str) -> None:
    if not check:
        raise HttpError(403, message)


class Problem(Schema):
    detail: str


class In(Schema):
    """Request input: a string no database column can store is a 422 naming the field."""

    @field_validator("*")
    @classmethod
    def storable(cls, value: Any) -> Any:
        if isinstance(value, str) and UNENCODABLE.search(value):
            raise ValueError("must not contain NUL characters or unpaired surrogates")
        return value


class Pages(LimitOffsetPagination):
    """limit 1–100 (default 20), offset within what a database integer holds."""

    class Input(Schema):
        limit: int = Field(20, ge=1, le=100)
        offset: int = Field(0, ge=0, le=1_000_000_000)
