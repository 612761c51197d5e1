"""Error pages: a database outage is a clear 503, other crashes a plain 500, neither leaks a traceback."""

import pytest
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path


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
