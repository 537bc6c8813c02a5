"""The test settings: development mode, as `make run` has it; everything else as production."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

# DEBUG is off unless turned on, and the settings refuse the development secret key without it.
# (pytest-django still runs every test with DEBUG off.)
os.environ["DEBUG"] = "true"

import jinja2  # noqa: E402

from cancerplan.settings import *  # noqa: E402, F403

# As in development, whatever pytest-django does to DEBUG.
TEMPLATES[1]["OPTIONS"]["undefined"] = jinja2.StrictUndefined  # noqa: F405

# Background tasks run at once, in the test's own transaction; tests of the worker itself
# switch to the database backend and run `db_worker --batch`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Stored files (published reports) of a test run go to a directory of its own, removed at the end.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="cancerplan-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
