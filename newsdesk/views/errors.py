"""Error pages. A lost database answers 503 with a page that needs no database.

Django calls `handler500` inside the `except` block of the failed request, so the
exception is still at hand: a database outage (refused connection, pool timeout,
server restart) becomes a 503 with Retry-After instead of a bare 500. The 503 never
touches the database or the request context. The 500 page is drawn with the request,
so it carries the navigation, unless that fails too (a context processor, the session
or the database may be what broke): then without it, and at worst as plain text.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

DATABASE_ERRORS = (OperationalError, InterfaceError)


def is_database_outage(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, DATABASE_ERRORS):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def render_or_plain(template: str, fallback: str, request: HttpRequest | None = None) -> str:
    if request is not None:
        try:
            return loader.render_to_string(template, request=request)
        except Exception:  # whatever broke the request may break its context too: draw it without
            pass
    try:
        return loader.render_to_string(template)
    except Exception:  # the error page itself must never fail (e.g. no static manifest yet)
        return fallback


def server_error(request: HttpRequest) -> HttpResponse:
    if is_database_outage(sys.exc_info()[1]):
        body = render_or_plain("503.html", "The database is not answering. Please try again in a minute.")
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "10"
        return response
    return HttpResponse(render_or_plain("500.html", "Something went wrong on our side.", request), status=500)
