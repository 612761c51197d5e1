"""A blind campaign whose outlets' names, slugs and domains are everywhere: title, body, credits,
byline, URL, speakers, cues, chains, figures, tag notes, review comments and a second revision.

Built through the ingestion pipeline and the service functions, as real data is; `check_premise`
proves that each of those places does hold an outlet's name, so a leak test on it means something.
"""

from dataclasses import dataclass, field
from typing import Any

from annotations import gold, review, services
from annotations.models import Annotation, Assignment, BlindReveal, Campaign, RevisionOrphan
from newsdesk.ingestion.pipeline import article_ingest
from newsdesk.ingestion.readers import ArticleDraft
from newsdesk.models import ApiToken, Article, AttributionChain, Outlet, Quote, Speaker, Story
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    CampaignFactory,
    OutletFactory,
    StoryFactory,
    UserFactory,
    annotation_on,
    annotator,
    editor,
    reviewer,
    second_annotator,
    tag_type,
)

URL = "https://northwind.example/vell-dam"
TITLE = "Northwind Wire: Vell dam hit twice (northwind.example)"
BODY = (
    "By Ana Ruiz, Northwind Wire\n"
    "KARSK, March 3 (Northwind Wire) — At least 14 people were killed when the Vell dam was hit twice overnight, "
    "according to Northwind Wire.\n"
    "“We will rebuild it,” the mayor told Northwind Wire on Tuesday.\n"
    "Northwind Wire said the strike was deliberate.\n"
    "Speaking to Harbor Gazette, Governor Lena Marsh said: “The evacuation will continue.”\n"
    "Northwind Wire, citing the ministry, reported that two bridges were closed.\n"
    "The ministry blamed saboteurs for the blast near the old mill.\n"
    "Read more: Dam strike floods three villages\n"
    "Reporting by Ana Ruiz for Northwind Wire, with additional reporting by Harbor Gazette; editing by Tom Bell. "
    "Full story at https://northwind.example/dam and harborgazette.example/vell"
)
# The outlet edits the story: the saboteurs sentence goes (its tag becomes an orphan), a line comes.
BODY_2 = BODY.replace(
    "The ministry blamed saboteurs for the blast near the old mill.",
    "Investigators are examining the blast, Harbor Gazette learned.",
).replace("By Ana Ruiz, Northwind Wire\n", "By Ana Ruiz, Northwind Wire\nUPDATED with the governor's comments.\n")
# What must never reach a blind user: every name, slug and domain of the campaign's outlets.
NEEDLES = ("northwind", "harbor gazette", "harbor-gazette", "harborgazette")


@dataclass
class BlindWorld:
    annie: Any  # blind annotator, assigned the article
    ann2: Any  # blind annotator of the same campaign (revealed the outlet)
    bert: Any  # annotator of an open campaign on the same article: not blind
    rita: Any  # reviewer; the campaign is blind for reviewers too
    admin: Any
    outlets: list[Outlet]
    other_outlet: Outlet
    story: Story
    old: Article  # revision 1
    new: Article  # revision 2
    other: Article  # an article nobody is blind to
    blind: Campaign
    open: Campaign
    tags: dict[str, Annotation] = field(default_factory=dict)
    gold: Any = None  # the campaign's gold item, with a note that names an outlet
    orphan: RevisionOrphan | None = None
    tokens: dict[str, str] = field(default_factory=dict)


def build() -> BlindWorld:
    annie, ann2, bert, rita, admin = annotator(), annotator("ann2"), second_annotator(), reviewer(), editor()
    story = StoryFactory(slug="vell-dam", title="Vell dam strike")
    outlets = [
        OutletFactory(name="Northwind Wire", slug="northwind-wire", domain="northwind.example",
                      homepage="https://www.northwind.example/"),
        OutletFactory(name="Harbor Gazette", slug="harbor-gazette", domain="harborgazette.example"),
    ]  # fmt: skip
    other_outlet = OutletFactory(name="Eastern Courier", slug="eastern-courier", domain="courier.example")
    old = article_ingest(
        draft=ArticleDraft(
            title=TITLE,
            body=BODY,
            source="world",
            source_format="txt",
            url=URL,
            outlets=(("Northwind Wire", "primary"), ("Harbor Gazette", "additional_input")),
        ),
        story=story,
    ).article
    other = ArticleFactory(title="Courier: dam talks resume", story=story)
    ArticleCreditFactory(article=other, outlet=other_outlet)

    blind = CampaignFactory(
        name="Blind study",
        articles=[old],
        annotators=[annie, ann2],
        reviewers=[rita],
        is_blind=True,
        is_blind_for_reviewers=True,
        overlap=2,
    )
    open_campaign = CampaignFactory(name="Open study", articles=[old, other], annotators=[bert])
    for user, campaign in ((annie, blind), (ann2, blind), (bert, open_campaign)):
        Assignment.objects.create(campaign=campaign, article=old, annotator=user)

    # Tags on revision 1, some on text that names the outlets, with notes and comments that do too.
    said = annotation_on(old, "Northwind Wire said the strike", annotator=annie, kind="attribution", campaign=blind)
    saboteurs = annotation_on(old, "The ministry blamed saboteurs", annotator=annie, kind="framing", campaign=blind)
    annotation_on(old, "Harbor Gazette", annotator=ann2, kind="attribution", campaign=blind)
    told = annotation_on(
        old, "told Northwind Wire", annotator=bert, kind="attribution", campaign=open_campaign,
        note="Northwind Wire quotes itself (northwind.example)",
    )  # fmt: skip
    review.review_decide(
        annotation=said, reviewer=admin, decision="needs_changes", version=said.version,
        comment="Harbor Gazette has this differently",
    )  # fmt: skip
    BlindReveal.objects.create(user=ann2, article=old, campaign=blind, reason="the dateline says Northwind Wire")

    # Revision 2: tags carried, the saboteurs tag orphaned, assignments and campaigns follow.
    new = article_ingest(
        draft=ArticleDraft(
            title=TITLE + " (updated)",
            body=BODY_2,
            source="world",
            source_format="txt",
            url=URL,
            outlets=(("Northwind Wire", "primary"), ("Harbor Gazette", "additional_input")),
        ),
        user=admin,
    ).article
    carried = Annotation.objects.get(article=new, annotator=annie, text__startswith="Northwind Wire said")
    # A speaker whose title names an outlet, linked from a quote and a tag.
    editor_speaker = Speaker.objects.create(
        name="Tom Bell", title="Harbor Gazette editor", affiliation="Harbor Gazette"
    )
    Quote.objects.filter(article=new, text__startswith="The evacuation").update(speaker=editor_speaker)
    carried.speaker = editor_speaker
    carried.save()
    gold_item, _ = gold.gold_create(
        campaign=blind, article=new, actor=admin, start=carried.start, end=carried.end, text=None,
        tag_type=tag_type("attribution"), note="gold: Northwind Wire",
    )  # fmt: skip
    # The second blind annotator tags the new revision too, so adjudication has two layers.
    second, _ = services.annotation_create(
        article=new, annotator=ann2, start=carried.start, end=carried.end, text=None,
        tag_type=tag_type("attribution"), campaign=blind,
    )  # fmt: skip
    world = BlindWorld(
        annie=annie, ann2=ann2, bert=bert, rita=rita, admin=admin, outlets=outlets, other_outlet=other_outlet,
        story=story, old=old, new=new, other=other, blind=blind, open=open_campaign, gold=gold_item,
    )  # fmt: skip
    world.tags = {
        "said-old": said,
        "saboteurs-old": saboteurs,
        "told-old": told,
        "said-new": carried,
        "told-new": Annotation.objects.get(article=new, annotator=bert),
        "second-new": second,
    }
    world.orphan = RevisionOrphan.objects.get(annotation=saboteurs)
    for user in (annie, rita):
        world.tokens[user.username] = ApiToken.issue(user=user, name="crawl")[1]
    return world


def check_premise(world: BlindWorld) -> None:
    """Each place the leak tests look at does name an outlet of the blind campaign."""
    new = world.new
    names = [o.name for o in world.outlets]
    assert "Northwind" in new.title
    assert "northwind.example" in new.url
    assert new.previous_id == world.old.pk
    assert all(name in new.body for name in names)
    assert new.revision == 2
    assert {c.outlet.name for c in new.credits.select_related("outlet")} >= set(names)
    assert new.extraction["credits"][0]["text"] == "By Ana Ruiz, Northwind Wire", "the byline"
    assert Quote.objects.filter(article=new, speaker__name="Northwind Wire").exists(), "a speaker that is the outlet"
    assert Quote.objects.filter(article=new, cue_verb__icontains="said").exists()
    assert any("Northwind Wire" in (q.get("cue") or {}).get("text", "") for q in new.extraction["quotes"]), "cue"
    chain = AttributionChain.objects.get(article=new)
    assert chain.links[0]["name"] == "Harbor Gazette", "a chain relayed by an outlet"
    assert any(f.get("source") == "Northwind Wire" for f in new.extraction["figures"]), "a figure sourced to it"
    assert world.orphan is not None
    assert Assignment.objects.filter(article=new, annotator=world.annie).exists()


def users_in(world: BlindWorld) -> dict[str, Any]:
    return {"annotator": world.annie, "reviewer": world.rita}


__all__ = ["NEEDLES", "BlindWorld", "UserFactory", "build", "check_premise", "users_in"]
