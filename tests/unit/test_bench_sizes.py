"""bench/sizes.py: its cases are what they say, its requests still work, its growth check catches growth.

No timings are asserted: the growth check is fed made-up figures.
"""

import sys
from pathlib import Path

import pytest
from django.test import Client

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import sizes  # noqa: E402
from sizes import Row, growth_failures  # noqa: E402


def rows(
    request: str,
    costs: dict[int, float],
    *,
    size: int = 1000,
    per_tag_bytes: int = 0,
    queries: dict[int, int] | None = None,
) -> list[Row]:
    queries = queries or {}
    return [
        Row(n, request, ms, ms, ms, size + per_tag_bytes * n, queries.get(n, 10)) for n, ms in sorted(costs.items())
    ]


SIZES = (1, 100, 1000, 3000)


def test_linear_growth_passes() -> None:
    page = rows("workspace GET", {n: 10 + 0.3 * n for n in SIZES}, per_tag_bytes=200)
    assert growth_failures(page) == []


def test_quadratic_growth_fails() -> None:
    page = rows("workspace GET", {n: 10 + 0.0002 * n * n for n in SIZES})
    failures = growth_failures(page)
    assert any(f.startswith("workspace GET ms") and "at 3,000 tags" in f for f in failures), failures


def test_quadratic_bytes_fail() -> None:
    page = [Row(n, "workspace GET", 10, 10, 10, 1000 + n * n, 10) for n in SIZES]
    assert any("bytes" in f for f in growth_failures(page))


def test_noise_on_a_flat_cost_passes() -> None:
    # The fastest request wobbles by a few ms on a shared machine: no growth, no failure.
    page = rows("workspace GET", {1: 8.0, 100: 7.1, 1000: 9.5, 3000: 8.2})
    writes = rows("tag create", {1: 6.0, 100: 6.9, 1000: 5.8, 3000: 7.5})
    assert growth_failures(page + writes) == []


def test_a_write_that_grows_linearly_fails() -> None:
    # Linear is fine for a page, not for a write: the save at 3,000 tags must cost what it costs at 1.
    writes = rows("tag create", {n: 10 + 0.3 * n for n in SIZES})
    failures = growth_failures(writes)
    assert any("a write must cost the same" in f for f in failures)
    assert growth_failures(rows("workspace GET", {n: 10 + 0.3 * n for n in SIZES})) == []


def test_a_write_whose_answer_grows_fails() -> None:
    writes = rows("tag edit", dict.fromkeys(SIZES, 5.0), per_tag_bytes=1500)
    assert any("answers" in f for f in growth_failures(writes))


def test_queries_that_grow_with_tags_fail() -> None:
    page = rows("workspace GET", dict.fromkeys(SIZES, 10.0), queries={1: 12, 100: 12, 1000: 13, 3000: 15})
    failures = growth_failures(page)
    assert failures == ["workspace GET: 15 queries at 3,000 tags vs 12 at 1"]


@pytest.fixture
def small_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sizes, "ARTICLE_CHARS", 3000)


@pytest.mark.django_db
def test_builder_makes_each_size_once(small_articles: None) -> None:
    from annotations.models import Annotation, Assignment

    article = sizes.article_ensure(3)
    assert len(article.body) >= 3000
    assert Annotation.objects.filter(article=article, deleted_at__isnull=True).count() == 3
    assignment = Assignment.objects.get(article=article)
    assert assignment.annotator.username == sizes.USERNAME
    assert sizes.article_ensure(3).pk == article.pk  # a rerun reuses it
    other = sizes.article_ensure(5)
    assert other.pk != article.pk
    assert other.body != article.body
    assert Annotation.objects.filter(article=other).count() == 5


@pytest.mark.django_db
def test_bench_requests_work_and_leave_the_case_as_it_was(small_articles: None, client: Client) -> None:
    from annotations.models import Annotation

    article = sizes.article_ensure(4)
    client.force_login(sizes.annotator_ensure())
    measured = sizes.workspace_rows(client, article, 4, repeat=2)
    assert [r.request for r in measured] == ["workspace GET", "tag create", "tag edit", "tag delete"]
    assert all(r.bytes > 0 and r.queries > 0 for r in measured), [(r.request, r.bytes, r.queries) for r in measured]
    # 3 tags made, edited and deleted; the bench's clean-up leaves exactly the 4 of the case.
    assert Annotation.objects.filter(article=article, idempotency_key__startswith=sizes.BENCH_KEY).count() == 3
    sizes.bench_writes_delete([article])
    assert Annotation.objects.filter(article=article).count() == 4
    assert sizes.article_ensure(4).pk == article.pk


def test_swap_db_replaces_the_database_argument() -> None:
    assert sizes.swap_db(["--db", "both", "--repeat", "3"], "pg") == ["--repeat", "3", "--db", "pg"]
    assert sizes.swap_db(["--db=both", "--load"], "sqlite") == ["--load", "--db", "sqlite"]
