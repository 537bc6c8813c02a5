"""The test settings: development mode, as `make run` has it; everything else as production."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

# DEBUG is off unless turned on, and the settings refuse the development secret key without it.
# (pytest-django still runs every test with DEBUG off.)
os.environ["DEBUG"] = "true"

from cancerplan.settings import *  # noqa: E402, F403

# Background tasks run at once, in the test's own transaction; tests of the worker itself
# switch to the database backend and run `db_worker --batch`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Stored files (published reports) of a test run go to a directory of its own, removed at the end.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="cancerplan-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
