"""Schemathesis against the live OpenAPI schema: generated requests to every operation, no 500s.

Runs as an admin (every operation is allowed) and as an annotator (most writes are refused),
so both the success paths and the refusal paths see generated input.
"""

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from newsdesk.api import api
from newsdesk.models import ApiToken
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    CampaignFactory,
    OutletFactory,
    StoryFactory,
    annotation_on,
    annotator,
    editor,
)

EXAMPLES_PER_OPERATION = 30


@pytest.fixture
def api_world(live_server: Any) -> dict[str, Any]:
    admin, annie = editor(), annotator()
    story = StoryFactory(slug="s")
    article = ArticleFactory(story=story)
    ArticleCreditFactory(article=article, outlet=OutletFactory())
    CampaignFactory(articles=[article], annotators=[annie])
    annotation_on(article, "Talks resumed", annotator=admin)
    tokens = {
        name: ApiToken.issue(user=user, name="fuzz")[1] for name, user in (("admin", admin), ("annotator", annie))
    }
    return {"url": live_server.url, "tokens": tokens}


# The schema the app serves at /api/openapi.json (the same object, read without a request).
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api"))


FUZZ = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def call(case: Any, api_world: dict[str, Any], role: str) -> None:
    headers = {"Authorization": f"Bearer {api_world['tokens'][role]}"}
    response = case.call(base_url=api_world["url"], headers=headers)
    case.validate_response(response, checks=[not_a_server_error])


@schema.parametrize()
@FUZZ
def test_no_generated_request_from_an_admin_gets_a_server_error(case: Any, api_world: dict[str, Any]) -> None:
    call(case, api_world, "admin")


@schema.parametrize()
@FUZZ
def test_no_generated_request_from_an_annotator_gets_a_server_error(case: Any, api_world: dict[str, Any]) -> None:
    call(case, api_world, "annotator")
