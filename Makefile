# The commands CONTRIBUTING.md describes; CI runs lint, types and test (.ci/run).
.PHONY: test test-one test-quick lint types bench check

test:  ## the whole suite on SQLite, browser tests included
	uv run pytest -q

test-one:  ## one test or module: make test-one T=tests/views/test_corpus.py::ArticleListTests
	uv run pytest -q -x $(T)

test-quick:  ## without the browser tests
	uv run pytest -q -m "not browser"

lint:
	uv run ruff check .
	uv run ruff format --check .
	uv run python manage.py makemigrations --check --dry-run

types:
	uv run mypy .

bench:  ## every benchmark, one markdown report (bench/run)
	bash bench/run

check: lint types test
