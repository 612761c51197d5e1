"""An article with four tags, and its text as the outlet later edited it: the revisions tests' world."""

from typing import Any

from annotations.models import Assignment
from newsdesk.ingestion.pipeline import article_ingest
from newsdesk.ingestion.readers import ArticleDraft
from tests.factories import CampaignFactory, annotation_on, annotator

URL = "https://northwind.example/dam-strike"
FIRST = (
    "Officials said the Vell dam was hit twice overnight.\n"
    "“We will rebuild it by spring,” the mayor said on Tuesday.\n"
    "At least 14 people were killed, the regional governor said.\n"
    "The ministry blamed saboteurs for the blast."
)
# The outlet's silent edit: a new first paragraph, a changed toll, a reworded sentence, one sentence gone.
SECOND = (
    "UPDATED: This story has been updated with a new death toll.\n"
    "Officials said the Vell dam was hit twice overnight.\n"
    "“We will rebuild it by spring,” the mayor said on Tuesday.\n"
    "At least 21 people were killed, the regional governor said."
)


def draft(body: str) -> ArticleDraft:
    return ArticleDraft(title="Dam hit twice", body=body, source="test", source_format="txt", url=URL)


def revision_world() -> dict[str, Any]:
    annie = annotator()
    old = article_ingest(draft=draft(FIRST)).article
    campaign = CampaignFactory(articles=[old], annotators=[annie])
    Assignment.objects.create(campaign=campaign, article=old, annotator=annie)
    tags = {
        "position": annotation_on(old, "Officials said", annotator=annie, kind="attribution", campaign=campaign),
        "quote": annotation_on(old, "We will rebuild it by spring", annotator=annie, campaign=campaign),
        "fuzzy": annotation_on(old, "At least 14 people were killed", annotator=annie, campaign=campaign),
        "orphan": annotation_on(
            old, "The ministry blamed saboteurs", annotator=annie, kind="framing", campaign=campaign
        ),
    }
    return {"annie": annie, "old": old, "campaign": campaign, "tags": tags}
