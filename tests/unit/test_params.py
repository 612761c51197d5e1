"""Ids and return addresses read from request text."""

import pytest
from django.test import RequestFactory

from newsdesk.params import MAX_ID, id_or_none, ids_from, next_url


def test_ids_are_whole_numbers_in_the_key_range() -> None:
    assert id_or_none("12") == 12
    assert id_or_none(" 7 ") == 7
    assert id_or_none(str(MAX_ID)) == MAX_ID
    for bad in ["", "abc", "-1", "0", "1.5", "²", str(MAX_ID + 1), "9" * 30, None]:
        assert id_or_none(bad) is None, bad
    assert ids_from(["3", "x", "9" * 30, "4"]) == [3, 4]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("/review/?status=all", "/review/?status=all"),
        ("https://evil.example/", "/fallback/"),
        ("//evil.example/", "/fallback/"),
        ("/\\evil.example", "/fallback/"),
        ("javascript:alert(1)", "/fallback/"),
        ("annotations:review_queue", "/fallback/"),  # a bare word would be looked up as a view name
        ("", "/fallback/"),
    ],
)
def test_next_stays_on_this_site(given: str, expected: str) -> None:
    request = RequestFactory().post("/x/", {"next": given})
    assert next_url(request, "/fallback/") == expected
