"""The comparison and the corpus reads import nothing from the annotations app (tag counts are passed in)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CORE = [*sorted((ROOT / "newsdesk" / "comparison").glob("*.py")), ROOT / "newsdesk" / "queries.py"]


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_import_of_annotations(path: Path) -> None:
    tree = ast.parse(path.read_text())
    imported = [
        name
        for node in ast.walk(tree)
        for name in (
            [a.name for a in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else []
        )
    ]
    assert not [n for n in imported if n == "annotations" or n.startswith("annotations.")]
