"""Saving one activity in the edit view, against showing that row read-only, in the same run.

The issue asks that saving one activity of the 54-row Mellansverige action plan answers within
3× the time of showing one row read-only. Both go through Django's whole stack (middleware,
session, rights, template) with the test client, as htmx asks for them: the read-only row is
the fragment "Avbryt" swaps back in (GET …/redigera/aktivitet/<id>/), the save posts the row's
form (POST …/andra/) and gets the saved row back. Saves alternate between two texts, each
posted with the row's current version, so every one of them writes and records history.

Run with `.venv/bin/python bench/plan_edit.py [--runs N]` (optionally with DATABASE_URL set
to a PostgreSQL database); without DATABASE_URL it builds its own SQLite database in a
temporary folder. It loads the demo data; the saves stay in that database.
"""

import argparse
import io
import statistics
import time

import harness  # noqa: F401  (sets Django up; first)
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse

from documents.concurrency import history_version
from plans.models import Activity, Plan

SLUG = "mellansverige-handlingsplan-2025"
HTMX = {"HTTP_HX_REQUEST": "true"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="requests of each kind")
    runs = parser.parse_args().runs

    setup_test_environment()  # the test client's hosts and templates, not its database
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    plan = Plan.objects.get(slug=SLUG)
    rows = Activity.objects.filter(goal__area__plan=plan).count()
    activity = Activity.objects.filter(goal__area__plan=plan).order_by("pk")[10]
    client = Client()
    client.force_login(get_user_model().objects.get(username="samordnare-mellansverige"))
    show = reverse("plans:row-detail", args=[SLUG, "aktivitet", activity.pk])
    save = reverse("plans:row-edit", args=[SLUG, "aktivitet", activity.pk])
    texts = [activity.how, activity.how + " (ändrad)"]

    def form(n: int) -> dict:
        activity.refresh_from_db()
        return {
            "version": history_version(activity),
            "goal": activity.goal_id,
            "what": activity.what,
            "how": texts[n % 2],
            "who": activity.who,
            "when": activity.when,
            "follow_up": activity.follow_up,
            "responsible": activity.responsible,
            "timeframe": activity.timeframe,
            **({"from_agreement": "on"} if activity.from_agreement else {}),
        }

    def time_one(request) -> float:
        start = time.perf_counter()
        response = request()
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.status_code
        return elapsed

    for n in range(10):  # warm-up: templates, connections, caches
        time_one(lambda: client.get(show, **HTMX))
        time_one(lambda n=n: client.post(save, form(n), **HTMX))
    shown, saved = [], []
    for n in range(runs):  # interleaved, so that both see the same machine
        shown.append(time_one(lambda: client.get(show, **HTMX)))
        data = form(n + 1)
        saved.append(time_one(lambda data=data: client.post(save, data, **HTMX)))

    show_ms, save_ms = statistics.median(shown) * 1000, statistics.median(saved) * 1000
    print(f"{plan.title}: {rows} activities; {runs} requests of each kind")
    print(f"  show one row read-only  median {show_ms:6.2f} ms")
    print(f"  save one activity       median {save_ms:6.2f} ms")
    print(f"  ratio save/show         {save_ms / show_ms:.2f} (asked: at most 3)")


if __name__ == "__main__":
    main()
