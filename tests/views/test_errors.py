"""Error pages: a database outage is a clear 503, other crashes a plain 500, neither leaks a traceback."""

import pytest
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import include, path


def broken_database(request: HttpRequest) -> HttpResponse:
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


def broken_code(request: HttpRequest) -> HttpResponse:
    raise ValueError("a bug")


urlpatterns = [path("db/", broken_database), path("bug/", broken_code)]
handler500 = "newsdesk.views.errors.server_error"


@pytest.fixture
def client_without_raise() -> Client:
    return Client(raise_request_exception=False)


@override_settings(ROOT_URLCONF=__name__)
def test_database_outage_answers_503_with_a_clear_page(client_without_raise: Client) -> None:
    response = client_without_raise.get("/db/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    body = response.content.decode()
    assert "The database is not answering" in body
    assert "5432" not in body  # no internals shown


@override_settings(ROOT_URLCONF=__name__)
def test_other_errors_answer_500_without_a_traceback(client_without_raise: Client) -> None:
    response = client_without_raise.get("/bug/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body
    assert "ValueError" not in body


def test_favicon_ico_points_at_the_svg_icon(client: Client) -> None:
    # Pages without <link rel="icon"> (JSON, /api/docs) make browsers ask for /favicon.ico.
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert "img/favicon" in response["Location"]
    assert response["Location"].endswith(".svg")


# Error pages carry the navigation: a user who lands on one can go on from there.


def broken_processor(request: HttpRequest) -> dict[str, object]:
    raise RuntimeError("a context processor that fails")


def bad_request(request: HttpRequest) -> HttpResponse:
    from django.core.exceptions import SuspiciousOperation

    raise SuspiciousOperation("a hand-made request")


# The app's own pages too, so the error pages can link to them.
urlpatterns += [path("bad/", bad_request), path("", include("newsdesk.urls"))]


def nav_of(body: str) -> bool:
    return 'aria-label="Main"' in body and "Log out" in body and 'href="/articles/"' in body


@pytest.fixture
def signed_in(client_without_raise: Client, db: object) -> Client:
    from tests.factories import annotator

    client_without_raise.force_login(annotator())
    return client_without_raise


@override_settings(ROOT_URLCONF=__name__)
def test_404_400_and_500_pages_carry_the_navigation(signed_in: Client) -> None:
    for url, status in (("/nowhere/", 404), ("/bad/", 400), ("/bug/", 500)):
        response = signed_in.get(url)
        assert response.status_code == status
        assert nav_of(response.content.decode()), url


def test_the_403_page_carries_the_navigation(signed_in: Client) -> None:
    response = signed_in.get("/review/")  # reviewers only
    assert response.status_code == 403
    assert nav_of(response.content.decode())


@override_settings(ROOT_URLCONF=__name__)
def test_the_500_page_renders_when_a_context_processor_fails(signed_in: Client, settings: object) -> None:
    templates = [dict(t, OPTIONS=dict(t["OPTIONS"])) for t in settings.TEMPLATES]  # type: ignore[attr-defined]
    templates[0]["OPTIONS"]["context_processors"] = [
        *templates[0]["OPTIONS"]["context_processors"],
        "tests.views.test_errors.broken_processor",
    ]
    settings.TEMPLATES = templates  # type: ignore[attr-defined]
    response = signed_in.get("/bug/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong on our side" in body
    assert "<html" in body  # the page, without the parts that needed the request


@override_settings(ROOT_URLCONF=__name__)
def test_the_500_page_renders_when_the_database_fails_while_drawing_it(signed_in: Client) -> None:
    from unittest import mock

    with mock.patch("newsdesk.context_processors.is_annotator", side_effect=OperationalError("server closed")):
        response = signed_in.get("/bug/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
