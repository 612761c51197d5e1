"""`manage.py check --deploy` is clean with production settings from the environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_with_production_settings() -> None:
    # The test run's own DJANGO_ALLOW_ASYNC_UNSAFE (for Playwright) is not production.
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}},
        "DEBUG": "false",
        "SECRET_KEY": "x7#kq2!vB9zL0pQ4rT8wY1uE6iO3aS5dF7gH9jK2lZ4xC6vB8nM0" * 2,
        "ALLOWED_HOSTS": "newsdesk.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://newsdesk.example.org",
        "HTTPS": "true",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
