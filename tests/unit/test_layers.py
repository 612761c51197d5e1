"""The dependency points one way: `annotations` builds on the corpus (`newsdesk`), never the reverse.

The corpus asks what it needs of the apps above it through newsdesk/hooks.py. The one module
allowed to name `annotations` is the root URLconf: it is the project's composition root, which
mounts every app's routes (the corpus app and the project package are one package here).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "newsdesk"
COMPOSITION_ROOT = {"newsdesk/urls.py"}
ALL = sorted(p for p in CORPUS.rglob("*.py") if "migrations" not in p.parts)
SOURCES = [p for p in ALL if str(p.relative_to(ROOT)) not in COMPOSITION_ROOT]


def imported_modules(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.append(node.module or "")
    return names


def test_the_walk_sees_the_corpus() -> None:
    names = {str(p.relative_to(ROOT)) for p in SOURCES}
    assert {"newsdesk/models.py", "newsdesk/ingestion/pipeline.py", "newsdesk/views/corpus.py"} <= names
    assert {"newsdesk/api/__init__.py", "newsdesk/jobs.py", "newsdesk/demo.py", "newsdesk/settings.py"} <= names
    assert "newsdesk/urls.py" not in names, "the composition root is the one exception"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_corpus_imports_nothing_from_annotations(path: Path) -> None:
    against = [n for n in imported_modules(path) if n == "annotations" or n.startswith("annotations.")]
    assert against == [], f"{path.relative_to(ROOT)} imports {against}: ask newsdesk.hooks instead"


def test_the_check_catches_an_import_against_the_direction(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from annotations.models import Annotation\n    import annotations.visibility\n")
    assert imported_modules(module) == ["annotations.models", "annotations.visibility"]
