"""Side-by-side comparison of a story's articles: page (with htmx toggles), JSON and CSV."""

import csv
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from annotations.export import spreadsheet_safe
from annotations.visibility import check_sees_outlets
from newsdesk.charts import bar_chart
from newsdesk.models import Story
from newsdesk.params import ids_from
from newsdesk.queries import MAX_COLUMNS, compare_data, compare_json

TEMPLATE = "newsdesk/story_compare.html"


def chosen_ids(request: HttpRequest) -> list[int]:
    return ids_from(request.GET.getlist("a"))[:MAX_COLUMNS]


def options(request: HttpRequest) -> dict[str, Any]:
    show = (
        request.GET.getlist("show")
        if "toggles" in request.GET
        else ["quotes", "figures", "tags", "framing", "boilerplate"]
    )
    return {"show": set(show), "tags": "all" if request.GET.get("tags") == "all" else "accepted"}


@require_GET
@login_required
def story_compare(request: HttpRequest, slug: str) -> HttpResponse:
    check_sees_outlets(request.user)  # before the lookup: every slug gets the same answer
    story = get_object_or_404(Story, slug=slug)
    opts = options(request)
    data = compare_data(story, chosen_ids(request), tags=opts["tags"])
    articles = data["articles"]
    outlet_name = {
        a.pk: (data["outlet_of"][a.pk].name if data["outlet_of"].get(a.pk) else f"Article {a.pk}") for a in articles
    }
    rows = [
        {
            "group": g,
            "cells": [g.members.get(a.pk) for a in articles],
            "only": outlet_name[next(iter(g.members))] if not g.is_shared else "",
        }
        for g in data["groups"]
    ]
    balance_charts = [
        (
            a,
            bar_chart(
                sorted(
                    ((name, row["words"]) for name, row in data["balance"].get(a.pk, {}).items()), key=lambda r: -r[1]
                ),
                title=f"Quoted words per speaker in {outlet_name[a.pk]}",
                unit="words",
                series=i,
            ),
        )
        for i, a in enumerate(articles)
    ]
    tag_charts = [
        (
            a,
            bar_chart(
                sorted(data["tag_counts"].get(a.pk, {}).items()),
                title=f"Tags by label in {outlet_name[a.pk]}",
                series=i,
            ),
        )
        for i, a in enumerate(articles)
    ]
    context = {
        **data,
        **opts,
        "rows": rows,
        "outlet_name": outlet_name,
        "balance_charts": balance_charts,
        "tag_charts": tag_charts,
        "chosen": {a.pk for a in articles},
        "speaker_rows": speaker_rows(data, articles),
        "figure_rows": [
            {
                "label": r["label"],
                "disagree": r["disagree"],
                "between": ", ".join(dict.fromkeys(f"{outlet_name[a]} and {outlet_name[b]}" for a, b in r["pairs"])),
                "cells": [r["cells"].get(a.pk, []) for a in articles],
            }
            for r in data["figures"]
        ],
        "column_class": f"cols-{len(articles)}",
    }
    partial = bool(request.htmx) and not request.htmx.boosted  # type: ignore[attr-defined]
    return render(request, f"{TEMPLATE}#comparison" if partial else TEMPLATE, context)


def speaker_rows(data: dict[str, Any], articles: list[Any]) -> list[dict[str, Any]]:
    """One row per speaker: affiliation and quoted words in each article (a table beside the charts)."""
    names: dict[str, str] = {}
    for rows in data["balance"].values():
        for name, row in rows.items():
            names.setdefault(name, row["affiliation"])
    return [
        {
            "speaker": name,
            "affiliation": affiliation,
            "words": [data["balance"].get(a.pk, {}).get(name, {}).get("words", 0) for a in articles],
        }
        for name, affiliation in sorted(names.items(), key=lambda kv: (kv[1], kv[0]))
    ]


@require_GET
@login_required
def story_compare_json(request: HttpRequest, slug: str) -> HttpResponse:
    check_sees_outlets(request.user)  # before the lookup: every slug gets the same answer
    story = get_object_or_404(Story, slug=slug)
    data = compare_data(story, chosen_ids(request), tags="all" if request.GET.get("tags") == "all" else "accepted")
    return JsonResponse(compare_json(data), json_dumps_params={"ensure_ascii": False, "indent": 2})


class Echo:
    def write(self, value: str) -> str:
        return value


@require_GET
@login_required
def story_compare_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """Aligned quotes, one line per (group, article)."""
    check_sees_outlets(request.user)  # before the lookup: every slug gets the same answer
    story = get_object_or_404(Story, slug=slug)
    data = compare_json(compare_data(story, chosen_ids(request)))
    writer = csv.writer(Echo())

    def rows() -> Any:
        yield writer.writerow(
            ["group", "shared", "article", "outlet", "kind", "speaker", "speaker_as_named", "cue", "stance", "text"]
        )
        for n, group in enumerate(data["quote_groups"], start=1):
            for m in group["members"]:
                yield writer.writerow(
                    [
                        spreadsheet_safe(value)
                        for value in (
                            n,
                            group["shared"],
                            m["article"],
                            m["outlet"],
                            m["kind"],
                            m["speaker"],
                            m["speaker_as_named"],
                            m["cue"],
                            m["stance"],
                            m["text"],
                        )
                    ]
                )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{story.slug}-quotes.csv"'
    return response
