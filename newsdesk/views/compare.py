"""Side-by-side comparison of a story's articles: page (with htmx toggles), JSON and CSV.

The comparison itself is computed in `newsdesk.comparison.story`; these views parse the
request, fetch the tag counts from the annotations app, and render.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from newsdesk.comparison.story import (
    CACHE_SECONDS,
    CSV_TABLES,
    MAX_COLUMNS,
    StoryComparison,
    comparison_csv_text,
    comparison_json_text,
    story_comparison,
)
from newsdesk.hooks import hooks
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.models import Story
from newsdesk.params import ids_from
from newsdesk.spreadsheets import spreadsheet_safe

TEMPLATE = "newsdesk/story_compare.html"
SECTIONS = ["quotes", "figures", "tags", "framing", "boilerplate"]


def chosen_ids(request: AuthenticatedHttpRequest) -> list[int]:
    return ids_from(request.GET.getlist("a"))[:MAX_COLUMNS]


def accepted_only(request: AuthenticatedHttpRequest) -> bool:
    return request.GET.get("tags") != "all"


def comparison_for(request: AuthenticatedHttpRequest, slug: str) -> StoryComparison:
    hooks.visibility.check_sees_outlets(request.user)  # before the lookup: every slug gets the same answer
    story = get_object_or_404(Story, slug=slug)
    return story_comparison(story, chosen_ids(request))


def tag_counts_for(request: AuthenticatedHttpRequest, comparison: StoryComparison) -> dict[int, dict[str, int]]:
    """Counted on every request (they change with every tag), in one aggregate query."""
    return hooks.tags.tag_counts_by_label(article_ids=comparison.ids, accepted_only=accepted_only(request))


@require_GET
@login_required
def story_compare(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    comparison = comparison_for(request, slug)
    tag_counts = tag_counts_for(request, comparison)
    show = set(request.GET.getlist("show") if "toggles" in request.GET else SECTIONS)
    context = {
        "c": comparison,
        "story": comparison.story,
        "show": show,
        "tags": "accepted" if accepted_only(request) else "all",
        "chosen": set(comparison.ids),
        "csv_tables": CSV_TABLES,
        "max_columns": MAX_COLUMNS,
        "cache_seconds": CACHE_SECONDS,
        "show_key": "-".join(sorted(show & set(SECTIONS))),
        "tag_charts": comparison.tag_charts(tag_counts),
    }
    partial = bool(request.htmx) and not request.htmx.boosted
    return render(request, f"{TEMPLATE}#comparison" if partial else TEMPLATE, context)


@require_GET
@login_required
def story_compare_json(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    comparison = comparison_for(request, slug)
    text = comparison_json_text(comparison, tag_counts_for(request, comparison))
    return HttpResponse(text, content_type="application/json")


@require_GET
@login_required
def story_compare_csv(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """One table of the comparison: aligned quotes (one line per quote), figures, or speaker balance."""
    table = request.GET.get("table", "quotes")
    if table not in CSV_TABLES:
        return HttpResponseBadRequest(
            f"Unknown table: use one of {', '.join(CSV_TABLES)}.", content_type="text/plain; charset=utf-8"
        )
    comparison = comparison_for(request, slug)
    text = comparison_csv_text(comparison, table, cell=spreadsheet_safe)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{comparison.story.slug}-{table}.csv"'
    return response
