"""Template context shared by every page: the user's roles for navigation."""

from django.http import HttpRequest

from newsdesk.roles import is_admin, is_annotator, is_reviewer


def roles(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    if user is None:  # an error page rendered before the auth middleware ran (e.g. a bad Host header)
        return {"user_is_annotator": False, "user_is_reviewer": False, "user_is_admin": False}
    return {
        "user_is_annotator": is_annotator(user),
        "user_is_reviewer": is_reviewer(user),
        "user_is_admin": is_admin(user),
    }
