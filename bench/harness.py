"""What the write benchmarks share: a database of their own, Django, and timing rolled back.

Import it first: it points Django at DATABASE_URL, or at a new SQLite file in a temporary
folder when that is not set, and sets Django up.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if "DATABASE_URL" not in os.environ:
    folder = Path(tempfile.mkdtemp(prefix="cancerplan-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cancerplan.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402


def migrate_with_registry(*fixtures: str) -> None:
    """An up-to-date schema with the healthcare regions and regions (and the fixtures named)."""
    call_command("migrate", verbosity=0)
    names = ("registry.json", *fixtures)
    call_command("loaddata", *(ROOT / "fixtures" / name for name in names), verbosity=0)


def timed(work) -> float:
    """Seconds that work() takes inside a transaction that is then rolled back."""
    with transaction.atomic():
        start = time.perf_counter()
        work()
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    return elapsed
