"""Demo annotation data for `manage.py load_demo`: a campaign, tags and reviews on the demo corpus.

Each function is idempotent (running load_demo twice is harmless) and writes what it
created to `out`.
"""

from io import TextIOBase
from typing import Any

from annotations.models import Annotation, Assignment, Campaign, ReasonCode, TagType
from annotations.review import review_decide
from annotations.services import annotation_create
from newsdesk.models import Article, Quote, Story

CAMPAIGN = "Demo: Stoltenberg interview coverage"
GUIDELINES = """Tag each **statement** in the article:

- **Claim** — a statement that can be checked, a prediction, an opinion or a call to action.
- **Attribution** — who is said to have said it, and how (named or anonymous source, the verb).
- **Framing** — loaded terms, euphemisms, naming choices (*Kiev* / *Kyiv*), scare quotes, labels for actors.

Link claims to the speaker and quote where you can. Accept the dashed suggestions when they are right.
"""
# (annotator, exact text in the seed, kind, label slug, note)
SEED_TAGS = [
    ("annotator", "All that indicates that they are prepared to continue the war", "claim", "prediction", ""),
    ("annotator", "he claimed", "attribution", "attribution-verb", "“claimed” distances the writer."),
    (
        "annotator",
        "The head of the US-led military bloc",
        "framing",
        "actor-label",
        "Describes NATO by its US leadership.",
    ),
    (
        "annotator2",
        "All that indicates that they are prepared to continue the war and also try to potentially launch a new Russian offensive",
        "claim",
        "prediction",
        "",
    ),
    ("annotator2", "he claimed", "attribution", "attribution-verb", ""),
    ("annotator2", "cannon fodder", "framing", "loaded-term", ""),
]


def demo_campaign_load(*, users: dict[str, Any], out: TextIOBase) -> Campaign | None:
    """The demo campaign over the demo story, both annotators assigned, a few tags of each kind."""
    story = Story.objects.filter(slug="stoltenberg-new-offensive").first()
    if story is None:
        out.write("  (no demo story: skipped the campaign)\n")
        return None
    campaign, created = Campaign.objects.get_or_create(
        name=CAMPAIGN,
        defaults={
            "guidelines": GUIDELINES,
            "overlap": 2,
            "visibility": Campaign.Visibility.AFTER_DONE,
            "created_by": users["admin"],
        },
    )
    articles = list(Article.objects.filter(story=story).order_by("published_at", "id"))
    campaign.articles.add(*articles)
    campaign.annotators.add(users["annotator"], users["annotator2"])
    campaign.reviewers.add(users["reviewer"])
    for position, article in enumerate(articles):
        for name in ("annotator", "annotator2"):
            Assignment.objects.get_or_create(
                campaign=campaign, article=article, annotator=users[name], defaults={"position": position}
            )
    seed = next((a for a in articles if a.credits.filter(outlet__name="RT").exists()), None)
    made = 0
    if seed is not None:
        for username, exact, kind, slug, note in SEED_TAGS:
            start = seed.body.find(exact)
            if start < 0:
                continue
            quote = (
                Quote.objects.filter(article=seed, start__lte=start, end__gte=start + len(exact))
                .select_related("speaker")
                .first()
            )
            _, was_made = annotation_create(
                article=seed,
                annotator=users[username],
                start=start,
                end=start + len(exact),
                text=exact,
                tag_type=TagType.objects.get(kind=kind, slug=slug),
                note=note,
                quote=quote if kind == "claim" else None,
                speaker=quote.speaker if quote and kind == "claim" else None,
                campaign=campaign,
                idempotency_key=f"demo:{username}:{kind}:{slug}:{start}",
            )
            made += was_made
    verb = "created" if created else "exists"
    out.write(
        f"  campaign {campaign.pk} {verb}: {campaign.name} ({len(articles)} articles, 2 annotators, {made} new demo tags)\n"
    )
    return campaign


def demo_review_load(*, users: dict[str, Any], out: TextIOBase) -> None:
    """The reviewer accepts one demo tag and sends one back, so review and feedback have something to show."""
    campaign = Campaign.objects.filter(name=CAMPAIGN).first()
    if campaign is None:
        return
    reviewer = users["reviewer"]
    decisions = [
        ("annotator", "attribution-verb", "accept", None, "Good: the verb carries the stance."),
        (
            "annotator2",
            "loaded-term",
            "needs_changes",
            "wrong-span",
            "Include the whole phrase: “cannon fodder, a battering ram against Russia”.",
        ),
    ]
    done = 0
    for username, slug, decision, reason_slug, comment in decisions:
        annotation = Annotation.objects.filter(
            campaign=campaign, annotator=users[username], tag_type__slug=slug, status=Annotation.Status.PENDING
        ).first()
        if annotation is None:
            continue
        review_decide(
            annotation=annotation,
            reviewer=reviewer,
            decision=decision,
            version=annotation.version,
            comment=comment,
            reason=ReasonCode.objects.filter(slug=reason_slug).first() if reason_slug else None,
        )
        done += 1
    out.write(f"  {done} demo review decisions\n")


def demo_load(*, users: dict[str, Any], out: TextIOBase) -> None:
    demo_campaign_load(users=users, out=out)
    demo_review_load(users=users, out=out)
