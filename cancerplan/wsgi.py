import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cancerplan.settings")

application = get_wsgi_application()

# What is loaded by now (Django, the apps, the URL patterns: some 140,000 objects) lives as
# long as the worker. Frozen, the garbage collector no longer walks it on every full
# collection, which took some 100 ms in the middle of a request now and then. What is garbage
# already is collected first, or it would stay for good.
gc.collect()
gc.freeze()
