import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from cancerplan.settings import env_bool, env_database, env_int, env_list


def test_env_bool_reads_booleans_and_fails_loudly(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", True) is False
    monkeypatch.setenv("FLAG", "kanske")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG", True)


def test_env_int_fails_loudly(monkeypatch):
    monkeypatch.setenv("NUMBER", "tio")
    with pytest.raises(ImproperlyConfigured, match="NUMBER"):
        env_int("NUMBER", 1)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.se, b.se ,")
    assert env_list("HOSTS", []) == ["a.se", "b.se"]


def test_env_database_accepts_postgres_and_sqlite_only(monkeypatch):
    monkeypatch.setenv("DB", "postgres://u:p@h:5432/n")
    assert env_database("DB", "")["ENGINE"] == "django.db.backends.postgresql"
    monkeypatch.setenv("DB", "mysql://u:p@h/n")
    with pytest.raises(ImproperlyConfigured, match="DB"):
        env_database("DB", "")
    monkeypatch.setenv("DB", "inte en url")
    with pytest.raises(ImproperlyConfigured, match="DB"):
        env_database("DB", "")


def run_django(**env):
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cancerplan.settings", **env},
        capture_output=True,
        text=True,
    )


def test_it_refuses_to_start_on_the_default_secret_key_with_debug_off():
    result = run_django(DEBUG="false", SECRET_KEY="")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_starts_with_debug_off_and_a_real_secret_key():
    result = run_django(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="cancerplan.example.se")

    assert result.returncode == 0, result.stderr


def test_commands_print_nothing_but_their_own_output():
    """pikepdf announces itself on import at INFO; the logging settings keep it quiet."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cancerplan.settings"},
        capture_output=True,
        text=True,
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    )

    assert result.returncode == 0, result.stderr
    assert "pikepdf" not in result.stderr + result.stdout
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
