import os
import re
import secrets
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.utils import ConnectionHandler

from cancerplan.settings import BASE_DIR, env_bool, env_database, env_int, env_list
from registry.models import Region


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
    assert env_database("DB", "")["ENGINE"] == "cancerplan.postgresql"
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "false")
    assert env_database("DB", "")["ENGINE"] == "django.db.backends.postgresql"
    monkeypatch.delenv("DATABASE_PREPARED_STATEMENTS")
    monkeypatch.setenv("DB", "mysql://u:p@h/n")
    with pytest.raises(ImproperlyConfigured, match="DB"):
        env_database("DB", "")
    monkeypatch.setenv("DB", "inte en url")
    with pytest.raises(ImproperlyConfigured, match="DB"):
        env_database("DB", "")


def test_env_database_sets_sqlite_up_for_concurrent_use(monkeypatch):
    monkeypatch.setenv("DB", "sqlite:///db.sqlite3")

    options = env_database("DB", "")["OPTIONS"]

    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 20
    assert "journal_mode=WAL" in options["init_command"]
    monkeypatch.setenv("DB", "postgres://u:p@h:5432/n")
    assert "transaction_mode" not in env_database("DB", "").get("OPTIONS", {})


def test_env_database_has_postgresql_prepare_statements_unless_turned_off(monkeypatch):
    monkeypatch.setenv("DB", "postgres://u:p@h:5432/n")

    options = env_database("DB", "")["OPTIONS"]

    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 5
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "false")
    options = env_database("DB", "").get("OPTIONS", {})
    assert "server_side_binding" not in options and "prepare_threshold" not in options
    monkeypatch.delenv("DATABASE_PREPARED_STATEMENTS")
    monkeypatch.setenv("DB", "sqlite:///db.sqlite3")
    assert "prepare_threshold" not in env_database("DB", "")["OPTIONS"]


needs_server_side_binding = pytest.mark.skipif(
    not getattr(connection.features, "uses_server_side_binding", False),
    reason="PostgreSQL with DATABASE_PREPARED_STATEMENTS on",
)


@needs_server_side_binding
def test_postgresql_prepares_a_statement_a_connection_runs_again(django_db_blocker):
    """On a connection of its own: psycopg forgets what it prepared at every rollback, and the
    tests roll back all the time."""
    wrapper = ConnectionHandler({"default": connection.settings_dict})["default"]
    with django_db_blocker.unblock():
        with wrapper.cursor() as cursor:
            for _ in range(6):
                cursor.execute("SELECT %s::int + 1", [41])
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement = %s",
                ["SELECT $1::int + 1"],
            )
            prepared = cursor.fetchone()[0]
        wrapper.close()

    assert prepared == 1


@needs_server_side_binding
@pytest.mark.django_db
def test_bulk_writes_stay_within_the_parameters_a_bound_statement_takes(norr):
    # 3 values a row, in one statement 75,000 parameters; an update of one field, 3 too
    regions = [
        Region(code=f"T{i:05}", name=f"Testregion {i}", healthcare_region=norr)
        for i in range(25_000)
    ]

    Region.objects.bulk_create(regions)
    renamed = list(Region.objects.filter(code__startswith="T"))
    for region in renamed:
        region.name = f"Region {region.code}"
    Region.objects.bulk_update(renamed, ["name"])

    assert Region.objects.filter(name__startswith="Region T").count() == 25_000


def test_a_sqlite_file_database_is_in_wal_mode_after_connecting(
    tmp_path, monkeypatch, django_db_blocker
):
    """A real file: the test database is in memory, where there is no WAL."""
    monkeypatch.setenv("DB", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    wrapper = ConnectionHandler({"default": env_database("DB", "")})["default"]
    with django_db_blocker.unblock():
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            journal_mode = cursor.fetchone()[0]
            cursor.execute("PRAGMA busy_timeout")
            busy_timeout = cursor.fetchone()[0]
        wrapper.close()

    assert journal_mode == "wal"
    assert busy_timeout == 20_000


def settings_env(**env):
    """The environment without the test run's own settings (tests/settings.py turns DEBUG on)."""
    test_only = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in test_only}
    return {**base, "DJANGO_SETTINGS_MODULE": "cancerplan.settings", **env}


def run_django(code="", **env):
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        env=settings_env(**env),
        capture_output=True,
        text=True,
    )


REAL_KEY = "k3V9q-2xLpWm8Rz_7TbYc4NdHs6FgJa1oUeQiXvKyB0lMnCwPrSt"


def test_it_refuses_to_start_on_the_default_secret_key_with_debug_off():
    result = run_django(DEBUG="false", SECRET_KEY="")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_debug_is_off_unless_turned_on():
    result = run_django(
        "from django.conf import settings; print(settings.DEBUG)",
        SECRET_KEY=REAL_KEY,
        ALLOWED_HOSTS="cancerplan.example.se",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    "key",
    ["   ", "x", "x" * 50, "abcd" * 20, "django-insecure-" + REAL_KEY, REAL_KEY[:49]],
    ids=["blank", "one-character", "one-distinct", "four-distinct", "insecure-prefix", "49"],
)
def test_it_refuses_a_weak_secret_key_with_debug_off(key):
    result = run_django(DEBUG="false", SECRET_KEY=key, ALLOWED_HOSTS="cancerplan.example.se")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "50" in result.stderr


def test_it_starts_with_debug_off_and_a_real_secret_key():
    result = run_django(DEBUG="false", SECRET_KEY=REAL_KEY, ALLOWED_HOSTS="cancerplan.example.se")

    assert result.returncode == 0, result.stderr


def env_example() -> dict[str, str]:
    values = {}
    for line in (BASE_DIR / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def test_env_example_documents_every_variable_the_settings_read():
    read = set(
        re.findall(r'env_\w+\("([A-Z_]+)"', (BASE_DIR / "cancerplan" / "settings.py").read_text())
    )

    assert read - set(env_example()) == set()


def test_the_deploy_check_passes_with_the_production_values_of_env_example():
    """CI runs this: `check --deploy` with .env.example as production has it, and a real key."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        # Production's environment: .env.example and nothing of the test run's.
        env={
            "PATH": os.environ["PATH"],
            **env_example(),
            "SECRET_KEY": secrets.token_urlsafe(50),
        },
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_are_https_only_behind_a_proxy():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)"
    )
    result = run_django(code, DEBUG="false", SECRET_KEY=REAL_KEY, ALLOWED_HOSTS="a.se")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "True 31536000 True True True ('HTTP_X_FORWARDED_PROTO', 'https')"
    )


def test_commands_print_nothing_but_their_own_output():
    """pikepdf announces itself on import at INFO; the logging settings keep it quiet."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env=settings_env(DEBUG="true"),
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
    )

    assert result.returncode == 0, result.stderr
    assert "pikepdf" not in result.stderr + result.stdout
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_manage_py_works_out_of_the_box_and_the_web_server_stays_safe():
    """A developer's `python manage.py …` needs no environment; the web server does."""
    env = settings_env()

    command = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        env=env,
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
    )
    server = subprocess.run(
        [sys.executable, "-c", "import cancerplan.wsgi"],
        env=env,
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
    )

    assert command.returncode == 0, command.stderr
    assert command.stdout.strip() == "No changes detected"
    assert server.returncode != 0
    assert "SECRET_KEY" in server.stderr
