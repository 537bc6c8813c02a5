"""The test settings: development mode, as `make run` has it; everything else as production."""

import os

# DEBUG is off unless turned on, and the settings refuse the development secret key without it.
# (pytest-django still runs every test with DEBUG off.)
os.environ["DEBUG"] = "true"

from cancerplan.settings import *  # noqa: E402, F403

# Background tasks run at once, in the test's own transaction; tests of the worker itself
# switch to the database backend and run `db_worker --batch`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
