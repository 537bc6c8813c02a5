"""The app's settings for bench/load.py: production's (DEBUG off), served over plain http.

gunicorn runs with these (`--env DJANGO_SETTINGS_MODULE=bench.settings`); load.py sets
SECRET_KEY, DATABASE_URL and BENCH_STATIC_ROOT in its environment.
"""

from cancerplan.settings import *  # noqa: F403
from cancerplan.settings import env_str

# The hello-world view beside the app's own URLs, served by the same workers.
ROOT_URLCONF = "bench.urls"

ALLOWED_HOSTS = ["127.0.0.1"]

# Plain http on 127.0.0.1, with no proxy in front: no redirect to https, and cookies that
# travel without TLS. HSTS is only ever sent on https, so it needs no change.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# collectstatic writes the manifest of the hashed static names here, not into the project.
STATIC_ROOT = env_str("BENCH_STATIC_ROOT")
