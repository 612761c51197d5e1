"""Ids and return addresses from request text: what a hand-edited URL or form sends must not
reach the database as a crash, nor send the user to another site."""

from django.http import Http404, HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

# The largest value a bigint primary key holds; a bigger number from a URL is no id at all.
MAX_ID = 2**63 - 1


def id_or_none(value: object) -> int | None:
    """A database id from request text, or None when it is not a whole number in the key's range."""
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number if 0 < number <= MAX_ID else None


def ids_from(values: list[str]) -> list[int]:
    """The valid ids among request values, in order ("12", "x", "99999999999999999999" → [12])."""
    return [number for number in map(id_or_none, values) if number is not None]


def next_url(request: HttpRequest, fallback: str) -> str:
    """The form's `next` address if it is a path on this site, else `fallback` (a URL, not a view name).

    Only "/…" paths: not "//other.site" or "https://other.site" (an open redirect), and not a
    bare word, which Django's `redirect` would try to look up as a view name.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target.startswith("/") else fallback


def id_or_404(value: object) -> int:
    """A database id from request text, or a 404: an id that is no number names nothing that exists."""
    number = id_or_none(value)
    if number is None:
        raise Http404("No such item.")
    return number
