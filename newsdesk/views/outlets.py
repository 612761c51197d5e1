"""Outlet profiles across their stories, and one outlet against another over shared stories."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from newsdesk.charts import bar_chart, charts_side_by_side
from newsdesk.hooks import hooks
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.models import Outlet
from newsdesk.queries import outlet_articles, outlet_profile, outlets_shared_stories, stance_table


@require_GET
@login_required
def outlet_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    hooks.visibility.check_sees_outlets(request.user)  # before the lookup: every slug gets the same answer
    outlet = get_object_or_404(Outlet, slug=slug)
    profile = outlet_profile(outlet)
    labels = hooks.tags.tag_labels_top(articles=outlet_articles(outlet))
    months = hooks.tags.tags_by_month(articles=outlet_articles(outlet))
    charts = {
        "stances": bar_chart(
            profile["stances"].most_common(),
            title=f"{outlet.name}: attribution stance of its quotes",
            unit="quotes",
            shares=True,
        ),
        "speakers": bar_chart(
            [(s["speaker__name"], s["n"]) for s in profile["speakers"]],
            title=f"{outlet.name}: most-quoted speakers",
            unit="quotes",
            series=1,
        ),
        "labels": bar_chart(
            [(f"{r['tag_type__kind']} · {r['tag_type__label']}", r["n"]) for r in labels],
            title=f"{outlet.name}: accepted tags by label",
            series=2,
            shares=True,
        ),
        "time": bar_chart(
            [(r["month"].strftime("%Y-%m") if r["month"] else "—", r["n"]) for r in months],
            title=f"{outlet.name}: tags by month",
            series=3,
        ),
    }
    others = Outlet.objects.exclude(pk=outlet.pk).order_by("name").only("name", "slug")
    return render(
        request,
        "newsdesk/outlet_detail.html",
        {"outlet": outlet, "profile": profile, "charts": charts, "others": others},
    )


@require_GET
@login_required
def outlet_compare(request: AuthenticatedHttpRequest, slug: str, other: str) -> HttpResponse:
    hooks.visibility.check_sees_outlets(request.user)  # before the lookup: every slug gets the same answer
    a = get_object_or_404(Outlet, slug=slug)
    b = get_object_or_404(Outlet, slug=other)
    pa, pb = outlet_profile(a), outlet_profile(b)
    stances = stance_table(pa["stances"], pb["stances"])
    chart_a, chart_b = charts_side_by_side(
        [
            (f"{a.name}: attribution stance", [(r["stance"], r["a"]) for r in stances]),
            (f"{b.name}: attribution stance", [(r["stance"], r["b"]) for r in stances]),
        ],
        unit="quotes",
    )
    context = {
        "a": a,
        "b": b,
        "pa": pa,
        "pb": pb,
        "stories": outlets_shared_stories(a, b),
        "stance_rows": stances,
        "chart_a": chart_a,
        "chart_b": chart_b,
    }
    return render(request, "newsdesk/outlet_compare.html", context)
