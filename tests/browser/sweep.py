"""Every page of every role in a real browser: the pages, the data they show, and each page's actions.

The pages come from the URL conf through the permission matrix (`tests/views/test_permissions.py`):
every URL name has a rule there, so a new page is visited by the sweeps as soon as it exists,
by every role its rule lets in. A page with htmx behaviour registers what to do on it, in a
module of `tests/browser/actions/` (one module per area, so no two engineers edit one file):

    from tests.browser.sweep import SweepWorld, page_actions

    @page_actions("article_list")
    def search_and_filter(page: Page, world: SweepWorld) -> None:
        page.get_by_label("Search").fill("dam")
        expect(page.locator("#article-results")).to_contain_text("dam")

An action runs on the loaded page, for every role that may open it (`world.role` says which);
it should stay on the page (htmx swaps, not navigation) and assert that its swap happened, so a
request that silently fails is noticed. The console sweep fails on any console error, uncaught
exception, CSP violation or htmx error message during the load or the actions.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.urls import reverse

from tests.views.test_permissions import OK, ROLES, RULES

Action = Callable[[Any, "SweepWorld"], None]
ACTIONS: dict[str, list[Action]] = {}


def page_actions(*names: str) -> Callable[[Action], Action]:
    """Register an action to perform on the pages with these URL names (e.g. "annotations:review_queue")."""

    def register(action: Action) -> Action:
        for name in names:
            if name not in RULES:
                raise ValueError(f"{name!r} is not a URL name of the permission matrix")
            ACTIONS.setdefault(name, []).append(action)
        return action

    return register


def actions_load() -> None:
    """Import every module of tests/browser/actions/, which registers its actions."""
    folder = Path(__file__).parent / "actions"
    for module in pkgutil.iter_modules([str(folder)]):
        importlib.import_module(f"tests.browser.actions.{module.name}")


# The data every page is shown with: long names, long words and addresses, astral characters,
# so a layout that only fits short demo text is found out.

LONG_USERNAME = "maria.fernandez-gonzalez@newsroom.example.org"
LONG_TITLE = (
    "Strike on the Vell river dam floods villages downstream as officials in three provinces "
    "trade blame over who fired the missiles"
)
LONG_ADDRESS = (
    "https://northwind.example/2023/03/14/vell-river-dam-strike-floods-villages-officials-trade-blame-live-updates"
)
BODY = (
    "VELL, March 14 (Northwind Wire International News Service) — A missile strike damaged the Vell river dam "
    "early on Tuesday, flooding villages downstream, officials said.\n"
    "“The water rose faster than anyone expected,” regional governor Anna Sorel told reporters. "
    "The ministry claimed the strike was sabotage. \U0001f1fa\U0001f1e6\n"
    "At least 14 people were killed and 2,000 were evacuated, the emergency service said.\n"
    f"Read more: {LONG_ADDRESS}\n"
    "Reporting by Ana Ruiz for Northwind Wire International News Service."
)


@dataclass
class SweepWorld:
    users: dict[str, Any]
    args: dict[str, list[Any]]
    objects: dict[str, Any] = field(default_factory=dict)
    role: str = "anonymous"
    base_url: str = ""

    def url(self, name: str) -> str:
        key = RULES[name][1]
        if key not in self.args:
            raise KeyError(
                f"the sweep has no {key!r} argument for {name}: add it to world_build() in {__file__} "
                "(the permission matrix's world has it)"
            )
        return reverse(name, args=self.args[key])


def world_build() -> SweepWorld:
    from annotations.models import Assignment, RevisionOrphan
    from newsdesk.ingestion.pipeline import article_ingest
    from newsdesk.ingestion.readers import ArticleDraft
    from newsdesk.models import ApiToken, Job, Outlet, Story
    from tests.factories import CampaignFactory, annotation_on, annotator, editor, reviewer, second_annotator

    users = {
        "annotator": annotator(LONG_USERNAME),
        "reviewer": reviewer("rita.reviewer-okonkwo@newsroom.example.org"),
        "admin": editor("edward.administrator@newsroom.example.org"),
    }
    bert = second_annotator()
    story = Story.objects.create(title=LONG_TITLE, slug="sweep-story", description="Two outlets, one dam. " * 12)
    outlets = ["Northwind Wire International News Service", "Eastern Courier of the Lower Vell Provinces"]
    articles = []
    for i, outlet in enumerate(outlets):
        draft = ArticleDraft(
            title=f"{LONG_TITLE} ({outlet})",
            body=BODY.replace("Northwind Wire International News Service", outlet) + f"\nCopy {i}.",
            source=f"sweep-{i}.txt",
            source_format="txt",
            url=f"{LONG_ADDRESS}-{i}",
            outlets=((outlet, "primary"),),
        )
        articles.append(article_ingest(draft=draft, story=story).article)
    article = articles[0]
    campaign = CampaignFactory(
        name="Vell dam coverage, spring 2023: claims, attributions and framing across outlets",
        articles=articles,
        annotators=[users["annotator"], bert],
        reviewers=[users["reviewer"]],
    )
    for who in (users["annotator"], bert):
        Assignment.objects.create(campaign=campaign, article=article, annotator=who)
    tag = annotation_on(article, "The ministry claimed", annotator=users["annotator"], campaign=campaign)
    annotation_on(article, "The ministry claimed the strike", annotator=bert, campaign=campaign)
    job = Job.objects.create(
        kind=Job.Kind.EXPORT_ANNOTATIONS, status=Job.Status.DONE, created_by=users["reviewer"], message="Exported."
    )
    job.output_file.save("sweep.jsonl", ContentFile(b"{}\n"))
    token, _key = ApiToken.issue(user=users["annotator"], name="notebook on my laptop, the one with the sticker")
    orphan = RevisionOrphan.objects.create(annotation=tag, revision=article)
    slugs = list(Outlet.objects.filter(name__in=outlets).order_by("name").values_list("slug", flat=True))
    args = {
        "": [],
        "article": [article.pk],
        "story": [story.slug],
        "outlet": [slugs[0]],
        "outlets": slugs,
        "annotation": [tag.pk],
        "campaign": [campaign.pk],
        "adjudicate": [campaign.pk, article.pk],
        "job": [job.pk],
        "token": [token.pk],
        "orphan": [orphan.pk],
    }
    objects = {"story": story, "articles": articles, "campaign": campaign, "tag": tag, "job": job}
    return SweepWorld(users=users, args=args, objects=objects)


def pages_for(role: str) -> list[str]:
    """URL names a `role` may open with GET (the permission matrix says OK), in a stable order."""
    index = ROLES.index(role)
    return sorted(name for name, (method, _key, expected) in RULES.items() if method == "get" and expected[index] == OK)


# What the browser is asked on each page

# The page's width, and the elements that stick out of it (not inside a scrolling box) to say why.
OVERFLOW_JS = """() => {
  const width = innerWidth;
  const clipped = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX;
      if ((x === 'auto' || x === 'scroll' || x === 'hidden' || x === 'clip') && p !== document.documentElement && p !== document.body) return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 0.5 && !clipped(el)) {
      const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
      out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls} to ${Math.round(box.right)}px`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, offenders: out.slice(0, 5)};
}"""

# Records CSP violations from the first line of every document (Playwright runs it before the page's scripts).
CSP_LISTENER_JS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


NOT_HTML: set[str] = set()  # URL names found to answer JSON, CSV, a file…: not visited again this run


def open_page(page: Any, world: SweepWorld, name: str, *, wait_until: str = "load") -> bool:
    """Go to the page `name`; False when it is not an HTML page (JSON, CSV, a download), which the sweeps skip."""
    from playwright.sync_api import Error

    if name in NOT_HTML:
        return False
    try:
        response = page.goto(world.base_url + world.url(name), wait_until=wait_until)
    except Error as exc:
        if "Download is starting" not in str(exc):
            raise
        response = None
    if response is not None and "text/html" in (response.headers.get("content-type") or ""):
        return True
    NOT_HTML.add(name)
    return False
