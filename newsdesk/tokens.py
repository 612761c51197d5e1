"""Personal API tokens: issue one (the key is shown once, only its hash is kept), revoke one."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404

from newsdesk.models import ApiToken

MAX_TOKENS = 20


@transaction.atomic
def token_issue(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user` named `name`: (the row, the key). At most MAX_TOKENS each."""
    name = name.strip()
    if not name:
        raise ValidationError("Give the token a name, so you know later what it is for.", code="name_missing")
    if ApiToken.objects.select_for_update().filter(user=user).count() >= MAX_TOKENS:
        raise ValidationError(f"You have {MAX_TOKENS} tokens already: revoke one first.", code="too_many_tokens")
    return ApiToken.issue(user=user, name=name)


def token_revoke(*, user: User, pk: int) -> None:
    """Delete one of `user`'s tokens (404 for a token that is not theirs)."""
    get_object_or_404(ApiToken, pk=pk, user=user).delete()
