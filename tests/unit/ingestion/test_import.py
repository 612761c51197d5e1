"""import_articles: every format, every error path, duplicates, all-or-nothing batches."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from newsdesk.ingestion.readers import ImportProblem, draft_from_txt, read_file
from newsdesk.models import Article, ArticleCredit, Story

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "import"
SEED = Path(__file__).resolve().parents[3] / "newsdesk" / "demo_data" / "seed.txt"


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_articles", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_articles", *args, stdout=out, stderr=err)
    return err.getvalue(), str(exc.value)


class SeedImportTests(TestCase):
    def test_seed_gets_a_title_from_its_first_sentence_and_both_credits(self) -> None:
        out, _ = run(str(SEED))
        assert "imported 1, duplicates 0, errors 0" in out
        article = Article.objects.get()
        assert article.title.startswith("The West needs to brace for a new Russian offensive")
        assert article.body.startswith("The West needs to brace")  # the first paragraph stays in the body
        credits = {(c.outlet.name, c.role) for c in article.credits.select_related("outlet")}
        assert ("RT", ArticleCredit.Role.PRIMARY) in credits
        assert ("Global Village Space", ArticleCredit.Role.ADDITIONAL_INPUT) in credits

    def test_importing_the_seed_twice_keeps_one_article(self) -> None:
        run(str(SEED))
        out, _ = run(str(SEED))
        assert "duplicate of article" in out
        assert "imported 0, duplicates 1, errors 0" in out
        assert Article.objects.count() == 1

    def test_dry_run_writes_nothing(self) -> None:
        out, _ = run(str(SEED), "--dry-run")
        assert "would import 1" in out
        assert Article.objects.count() == 0


class FormatTests(TestCase):
    def test_txt_with_a_short_first_line_uses_it_as_title(self) -> None:
        run(str(FIXTURES / "headline.txt"), "--outlet", "Northwind Wire", "--story", "harbour")
        article = Article.objects.get()
        assert article.title == "Short headline"
        assert article.body == "First paragraph of the story, officials said.\nSecond paragraph."
        assert article.story == Story.objects.get(slug="harbour")
        assert [c.outlet.name for c in article.credits.all()] == ["Northwind Wire"]

    def test_jsonl_rows_with_credit_lines_outlets_and_stories(self) -> None:
        out, _ = run(str(FIXTURES / "batch-ok.jsonl"))
        assert "imported 2" in out
        first = Article.objects.get(title="Ceasefire holds in Dorin")
        credits = {(c.outlet.name, c.role) for c in first.credits.select_related("outlet")}
        assert credits == {("Baltic Ledger", "primary"), ("Northwind Wire", "additional_input")}
        second = Article.objects.get(title="Dorin truce enters second day")
        assert second.published_at is not None
        assert second.published_at.hour == 8
        assert first.story == second.story
        assert first.story is not None
        assert first.story.slug == "dorin-ceasefire"

    def test_csv_rows(self) -> None:
        out, _ = run(str(FIXTURES / "articles.csv"))
        assert "imported 2" in out
        dam = Article.objects.get(title="Strike on dam")
        assert dam.url == "https://northwind-wire.example/dam"
        assert dam.body.split("\n")[0] == "The dam was hit at dawn, the governor said."
        assert [c.outlet.name for c in dam.credits.all()] == ["Northwind Wire"]

    def test_html_keeps_text_and_metadata_and_drops_markup(self) -> None:
        out, _ = run(str(FIXTURES / "page.html"))
        assert "imported 1" in out
        article = Article.objects.get()
        assert "Harbour reopens after storm" in article.title
        assert "harbour master Lena Voss said" in article.body
        for bad in ("<", "alert", "onerror", "onclick", "iframe", "color:red"):
            assert bad not in article.body, bad
        assert article.published_at is not None
        assert article.published_at.year == 2023
        assert "Northwind Wire" in [c.outlet.name for c in article.credits.all()]


class ErrorTests(TestCase):
    def assert_fails(self, name: str, reason: str, *extra: str) -> str:
        err, message = run_failing(str(FIXTURES / name), *extra)
        assert reason in err, err
        assert "nothing was written" in message
        assert "Traceback" not in err
        assert Article.objects.count() == 0
        return err

    def test_broken_jsonl_line_names_the_line_and_writes_nothing(self) -> None:
        err = self.assert_fails("batch-broken.jsonl", "invalid JSON")
        assert "batch-broken.jsonl:2:" in err

    def test_a_bad_file_stops_the_whole_batch(self) -> None:
        err, _ = run_failing(str(SEED), str(FIXTURES / "batch-ok.jsonl"), str(FIXTURES / "empty.txt"))
        assert "empty.txt: the file is empty" in err
        assert Article.objects.count() == 0

    def test_missing_body(self) -> None:
        self.assert_fails("missing-body.jsonl", 'missing-body.jsonl:1: missing "body"')

    def test_missing_title(self) -> None:
        self.assert_fails("missing-title.jsonl", 'missing "title"')

    def test_unknown_credit_role(self) -> None:
        self.assert_fails("bad-role.jsonl", "unknown credit role 'owner'")

    def test_csv_without_the_needed_columns(self) -> None:
        self.assert_fails("bad-header.csv", "bad-header.csv:1: the header must name")

    def test_empty_file(self) -> None:
        self.assert_fails("empty.txt", "the file is empty")

    def test_binary_file(self) -> None:
        self.assert_fails("binary.txt", "binary file")

    def test_unknown_encoding(self) -> None:
        self.assert_fails("latin1.txt", "not valid UTF-8")

    def test_file_name_without_a_known_format(self) -> None:
        self.assert_fails("../../../pyproject.toml", "cannot tell the format")

    @override_settings(NEWSDESK_MAX_IMPORT_FILE_SIZE=100)
    def test_file_over_the_size_limit(self) -> None:
        self.assert_fails("page.html", "over the limit of 100 bytes")

    def test_missing_file(self) -> None:
        err, _ = run_failing(str(FIXTURES / "nope.txt"))
        assert "nope.txt: cannot read the file" in err


def test_format_flag_refuses_unknown_values() -> None:
    with pytest.raises(ImportProblem, match="unknown format 'pdf'"):
        read_file(FIXTURES / "headline.txt", requested_format="pdf", max_bytes=10_000)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Headline\nBody.", "Headline"),
        (
            "Mr. Smith went to Vell on Jan. 2 to meet Gen. Vos. Then he left.\nMore.",
            "Mr. Smith went to Vell on Jan. 2 to meet Gen. Vos",
        ),
        ("One line only, which is a whole paragraph.", "One line only, which is a whole paragraph"),
    ],
)
def test_txt_titles(text: str, title: str) -> None:
    assert draft_from_txt(text, source="t").title == title


class SpeakerCacheTests(TestCase):
    """A batch looks each speaker up once and still merges names and aliases as single imports do."""

    ROW = (
        '{{"title": "Port talks {n}", "body": "Defence Minister Tomas Kral said on Monday that the port '
        'would reopen {n}. \\u201cShips are moving again,\\u201d Kral told reporters.", "outlets": ["Baltic Ledger"]}}'
    )

    def write(self, tmp: Path, count: int) -> Path:
        path = tmp / "batch.jsonl"
        path.write_text("\n".join(self.ROW.format(n=n) for n in range(count)), encoding="utf-8")
        return path

    def test_a_batch_merges_speakers_like_single_imports_with_fewer_lookups(self) -> None:
        import tempfile

        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from newsdesk.models import Speaker, SpeakerAlias

        with tempfile.TemporaryDirectory() as tmp:
            path = self.write(Path(tmp), 6)
            with CaptureQueriesContext(connection) as queries:
                out, _ = run(str(path))
        assert "imported 6" in out
        kral = Speaker.objects.get(name="Tomas Kral")
        assert kral.title == "Defence Minister"
        aliases = list(SpeakerAlias.objects.filter(speaker=kral).values_list("alias", flat=True))
        assert len(aliases) == len(set(aliases)), "no alias stored twice"
        assert kral.quotes.count() >= 6
        lookups = [
            q for q in queries.captured_queries if 'FROM "newsdesk_speaker"' in q["sql"] and "SELECT" in q["sql"]
        ]
        assert len(lookups) <= 2, f"the speaker is looked up once per batch, not once per article ({len(lookups)})"
