"""Demo corpus and users for `manage.py load_demo`: the seed article plus invented coverage.

The seed (shared/seed/000_b4b2ce16cedb27a1.txt, an RT story with additional input by
Global Village Space) is the one real article. Everything else here is written for the
demo and credited to clearly invented sample outlets. Idempotent: a second run finds
what the first one made.
"""

import os
from datetime import UTC, datetime
from io import TextIOBase
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.db import transaction

from newsdesk.ingestion.pipeline import article_ingest, outlet_get_or_create
from newsdesk.ingestion.readers import ArticleDraft, draft_from_txt
from newsdesk.models import Article, Outlet, Story, body_hash
from newsdesk.roles import ADMIN, ANNOTATOR, REVIEWER

DATA = Path(__file__).resolve().parent / "demo_data"
# The seed ships with the project; look for it in the repo first, then beside it.
SEED_CANDIDATES = (
    DATA / "seed.txt",
    Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_b4b2ce16cedb27a1.txt",
)

OUTLETS = {
    "RT": {"kind": Outlet.Kind.STATE_AFFILIATED, "country": "Russia", "domain": "rt.com"},
    "Global Village Space": {"kind": Outlet.Kind.PRIVATE, "country": "Pakistan", "domain": "globalvillagespace.com"},
    "Northwind Wire": {
        "kind": Outlet.Kind.WIRE_AGENCY,
        "country": "Sample country (invented)",
        "notes": "Invented sample wire agency for the demo.",
    },
    "Baltic Ledger": {
        "kind": Outlet.Kind.PRIVATE,
        "country": "Sample country (invented)",
        "notes": "Invented sample outlet for the demo.",
    },
    "Eastern Courier": {
        "kind": Outlet.Kind.STATE_AFFILIATED,
        "country": "Sample country (invented)",
        "notes": "Invented sample outlet for the demo.",
    },
}

STORIES = {
    "stoltenberg-new-offensive": {
        "title": "Stoltenberg warns of a new Russian offensive",
        "date": "2023-01-02",
        "description": "NATO's secretary general tells the BBC that Russia is preparing a new offensive and that arms for Ukraine must keep flowing.",
    },
    "vell-dam-strike": {
        "title": "Strike on the Vell river dam (invented demo story)",
        "date": "2023-03-14",
        "description": "An invented event for the demo: two invented outlets report different casualty figures and blame.",
    },
}

ARTICLES = [
    # (file, story, [(outlet, role)], published_at, url)
    ("seed", "stoltenberg-new-offensive", [], "2023-01-02T12:00:00+00:00", ""),
    (
        "northwind-wire-stoltenberg-offensive.txt",
        "stoltenberg-new-offensive",
        [("Northwind Wire", "primary")],
        "2023-01-02T09:30:00+00:00",
        "https://northwind-wire.example/2023/01/02/nato-offensive",
    ),
    (
        "baltic-ledger-stoltenberg-offensive.txt",
        "stoltenberg-new-offensive",
        [],
        "2023-01-02T15:10:00+00:00",
        "https://baltic-ledger.example/stoltenberg-moscow-no-plans",
    ),
    (
        "northwind-wire-dam-strike.txt",
        "vell-dam-strike",
        [("Northwind Wire", "primary")],
        "2023-03-14T08:00:00+00:00",
        "https://northwind-wire.example/2023/03/14/vell-dam",
    ),
    (
        "eastern-courier-dam-strike.txt",
        "vell-dam-strike",
        [("Eastern Courier", "primary")],
        "2023-03-14T10:45:00+00:00",
        "https://eastern-courier.example/dam-disaster-sabotage",
    ),
]

USERS = {
    # username: (group, is_superuser, default password)
    "annotator": (ANNOTATOR, False, "annotator-demo"),
    "annotator2": (ANNOTATOR, False, "annotator2-demo"),
    "reviewer": (REVIEWER, False, "reviewer-demo"),
    "admin": (ADMIN, True, "admin-demo"),
}


def seed_text() -> str:
    for candidate in SEED_CANDIDATES:
        if candidate.exists():
            return candidate.read_text(encoding="utf-8")
    raise FileNotFoundError("the seed article is missing: " + ", ".join(str(c) for c in SEED_CANDIDATES))


def demo_users_load(*, out: TextIOBase) -> dict[str, Any]:
    User = get_user_model()
    users: dict[str, Any] = {}
    for username, (group, is_superuser, default_password) in USERS.items():
        password = os.environ.get(f"DEMO_{username.upper()}_PASSWORD", default_password)
        user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
        if created:
            user.set_password(password)
        user.is_staff = is_superuser
        user.is_superuser = is_superuser
        user.save()
        user.groups.add(Group.objects.get(name=group))
        users[username] = user
        state = "created" if created else "exists (password unchanged)"
        out.write(f"  user {username:<11} password {password:<16} role {group:<10} {state}\n")
    return users


def demo_corpus_load(*, out: TextIOBase, user: User | None = None) -> dict[str, Story]:
    stories: dict[str, Story] = {}
    for slug, fields in STORIES.items():
        story, _ = Story.objects.get_or_create(
            slug=slug, defaults={"title": fields["title"], "description": fields["description"], "date": fields["date"]}
        )
        stories[slug] = story
    for name, fields in OUTLETS.items():
        outlet = outlet_get_or_create(name=name)
        for attr, value in fields.items():
            setattr(outlet, attr, value)
        outlet.save()
    for filename, story_slug, outlets, published, url in ARTICLES:
        text = seed_text() if filename == "seed" else (DATA / filename).read_text(encoding="utf-8")
        source = "seed" if filename == "seed" else f"demo_data/{filename}"
        draft = draft_from_txt(text, source=source)
        draft = ArticleDraft(
            title=draft.title,
            body=draft.body,
            source=source,
            source_format="txt",
            url=url,
            published_at=datetime.fromisoformat(published).astimezone(UTC),
            outlets=tuple(outlets),
        )
        result = article_ingest(draft=draft, story=stories[story_slug], user=user)
        credits = ", ".join(f"{c.outlet.name}/{c.role}" for c in result.article.credits.select_related("outlet"))
        verb = "added" if result.created else "exists"
        out.write(f"  article {result.article.pk:>3} {verb:<6} {result.article.title[:60]} [{credits}]\n")
    return stories


def demo_seed_article() -> Article | None:
    draft = draft_from_txt(seed_text(), source="seed")
    return Article.objects.filter(content_hash=body_hash(draft.body)).first()


@transaction.atomic
def demo_load(*, out: TextIOBase) -> dict[str, Any]:
    """Users, then the corpus (the annotation demo builds on them: annotations/demo.py)."""
    out.write("Demo users (log in at /accounts/login/):\n")
    users = demo_users_load(out=out)
    out.write("Demo corpus:\n")
    stories = demo_corpus_load(out=out, user=users["admin"])
    return {"users": users, "stories": stories}
