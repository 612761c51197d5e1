"""Outlet profiles across their stories, and one outlet against another over shared stories."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from annotations.visibility import check_sees_outlets
from newsdesk.charts import bar_chart
from newsdesk.models import Outlet
from newsdesk.queries import outlet_profile, outlets_shared_stories


@require_GET
@login_required
def outlet_detail(request: HttpRequest, slug: str) -> HttpResponse:
    check_sees_outlets(request.user)  # before the lookup: every slug gets the same answer
    outlet = get_object_or_404(Outlet, slug=slug)
    profile = outlet_profile(outlet)
    charts = {
        "stances": bar_chart(
            sorted(profile["stances"].items(), key=lambda kv: -kv[1]),
            title=f"Attribution stance in {outlet.name}'s quotes",
        ),
        "speakers": bar_chart(
            [(s["speaker__name"], s["n"]) for s in profile["speakers"]],
            title=f"Most-quoted speakers in {outlet.name}",
            unit="quotes",
            series=1,
        ),
        "labels": bar_chart(
            [(f"{r['tag_type__kind']} · {r['tag_type__label']}", r["n"]) for r in profile["labels"]],
            title="Accepted tags by label",
            series=2,
        ),
        "time": bar_chart(
            [(r["month"].strftime("%Y-%m") if r["month"] else "—", r["n"]) for r in profile["over_time"]],
            title="Tags over time (by month)",
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
def outlet_compare(request: HttpRequest, slug: str, other: str) -> HttpResponse:
    check_sees_outlets(request.user)  # before the lookup: every slug gets the same answer
    a = get_object_or_404(Outlet, slug=slug)
    b = get_object_or_404(Outlet, slug=other)
    pa, pb = outlet_profile(a), outlet_profile(b)
    stances = sorted(set(pa["stances"]) | set(pb["stances"]))
    context = {
        "a": a,
        "b": b,
        "pa": pa,
        "pb": pb,
        "stories": outlets_shared_stories(a, b),
        "stance_rows": [(s, pa["stances"].get(s, 0), pb["stances"].get(s, 0)) for s in stances],
        "chart_a": bar_chart([(s, pa["stances"].get(s, 0)) for s in stances], title=f"Stances in {a.name}"),
        "chart_b": bar_chart([(s, pb["stances"].get(s, 0)) for s in stances], title=f"Stances in {b.name}", series=1),
    }
    return render(request, "newsdesk/outlet_compare.html", context)
