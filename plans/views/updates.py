"""Updating a plan from its exported file in the browser: upload, preview, confirm or cancel.

The uploaded file waits in Django's storage between the preview and the person's answer; the
session holds where, under a token in the preview's URL, so that nobody else's token (or a
forged one) finds it. Confirming reads the file again under the plan's lock
(plans.services.plan_update_apply), so what is written is what the plan is then.
"""

import secrets
from datetime import timedelta
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.spreadsheets import SpreadsheetError, read_rows

from .. import services
from ..formats import PLAN_COLUMNS, parse_plan_rows
from ..forms import PlanCreateForm, PlanUpdateForm
from ..permissions import get_plan_for_owner, may_create_plans
from ..updates import plan_update_read

SESSION_KEY = "plan-updates"


@login_required
def plan_update(request, slug):
    """The form for the file; a readable file goes on to its preview."""
    plan = get_plan_for_owner(request.user, slug)
    form = PlanUpdateForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            plan_update_read(plan=plan, content=content, filename=upload.name, user=request.user)
        except SpreadsheetError as exc:  # unreadable: no preview to show
            problems = exc.problems
        else:
            token = _stash(request, SESSION_KEY, content, upload.name, plan=plan.pk)
            return redirect("plans:plan-update-preview", slug=plan.slug, token=token)
    status = 400 if request.method == "POST" else 200
    context = {"plan": plan, "form": form, "problems": problems}
    return render(request, "plans/plan_update.html", context, status=status)


def _pending(request, key: str, token: str, *, plan=None) -> tuple[dict, bytes]:
    """The file this person's session keeps under the token (for this plan), and its bytes;
    404 for another person's, another plan's or a forged token."""
    pending = request.session.get(key, {}).get(token)
    if pending is None or (plan is not None and pending["plan"] != plan.pk):
        raise Http404
    if not default_storage.exists(pending["path"]):
        raise Http404
    with default_storage.open(pending["path"], "rb") as file:
        return pending, file.read()


def _forget(request, key: str, token: str, pending: dict) -> None:
    default_storage.delete(pending["path"])
    kept = request.session.get(key, {})
    request.session[key] = {name: value for name, value in kept.items() if name != token}


@login_required
def plan_update_preview(request, slug, token):
    """Every change and every problem; confirm writes all of it, cancel nothing."""
    plan = get_plan_for_owner(request.user, slug)
    pending, content = _pending(request, SESSION_KEY, token, plan=plan)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "cancel":
        _forget(request, SESSION_KEY, token, pending)
        messages.success(request, _("Uppdateringen är avbruten; planen är oförändrad."))
        return redirect(plan)
    status, filename = 200, pending["filename"]
    try:
        if action == "confirm":
            update = services.plan_update_apply(
                plan=plan, content=content, filename=filename, user=request.user
            )
            _forget(request, SESSION_KEY, token, pending)
            done = _("Planen är uppdaterad: %(summary)s. Ändringarna finns i planens historik.")
            messages.success(request, done % {"summary": update.summary})
            return redirect(plan)
        update = plan_update_read(plan=plan, content=content, filename=filename, user=request.user)
    except SpreadsheetError as exc:  # changed meanwhile: the preview again, and why
        update = plan_update_read(plan=plan, content=content, filename=filename, user=request.user)
        update.problems, status = update.problems or exc.problems, 409
    url = reverse("plans:plan-update-preview", args=[plan.slug, token])
    context = {"plan": plan, "update": update, "filename": filename, "action_url": url}
    return render(request, "plans/plan_update_preview.html", context, status=status)


CREATE_KEY = "plan-creations"


STASH = "plan-updates"
STASH_KEPT = timedelta(days=1)


def _stash(request, key: str, content: bytes, filename: str, **details) -> str:
    """Keep an uploaded file in storage until the person answers; its token for the URL.

    Files nobody answered for a day (a closed tab) are deleted on the way.
    """
    _forget_abandoned()
    token = secrets.token_urlsafe(16)
    suffix = PurePath(filename).suffix.lower()
    path = default_storage.save(f"{STASH}/{token}{suffix}", ContentFile(content))
    pending = request.session.get(key, {})
    pending[token] = {"path": path, "filename": filename, **details}
    request.session[key] = pending
    return token


def _forget_abandoned() -> None:
    if not default_storage.exists(STASH):
        return
    too_old = timezone.now() - STASH_KEPT
    for name in default_storage.listdir(STASH)[1]:
        path = f"{STASH}/{name}"
        if default_storage.get_modified_time(path) < too_old:
            default_storage.delete(path)


def preview_plan_from_file(request, form):
    """A new plan from a file (the create form, valid): read it through without writing, keep
    it, and show what the plan will hold. SpreadsheetError when the file cannot be a plan."""
    upload = form.cleaned_data["file"]
    content = upload.read()
    services.plan_import_with_details(
        details=form.details(),
        content=content,
        filename=upload.name,
        user=request.user,  # what the person may not write is refused now, not on confirming
        dry_run=True,
    )
    data = {key: value for key, value in request.POST.items() if key != "csrfmiddlewaretoken"}
    token = _stash(request, CREATE_KEY, content, upload.name, data=data)
    return redirect("plans:plan-create-preview", token=token)


@login_required
def plan_create_preview(request, token):
    """What the new plan will hold, read from its file; confirm creates it, cancel nothing."""
    if not may_create_plans(request.user):
        raise PermissionDenied
    pending, content = _pending(request, CREATE_KEY, token)
    action = request.POST.get("action") if request.method == "POST" else None
    upload = SimpleUploadedFile(pending["filename"], content)
    form = PlanCreateForm(pending["data"], {"file": upload}, user=request.user)
    if action == "cancel" or not form.is_valid():  # not valid: e.g. the slug taken meanwhile
        _forget(request, CREATE_KEY, token, pending)
        if action == "cancel":
            messages.success(request, _("Ingen plan är skapad."))
            return redirect("plans:plan-list")
        messages.error(request, _("Planens uppgifter gäller inte längre; fyll i dem igen."))
        return redirect("plans:plan-create")
    problems, status = [], 200
    if action == "confirm":
        try:
            return _create_confirmed(request, form, token, pending)
        except SpreadsheetError as exc:
            problems, status = exc.problems, 409
    rows = read_rows(content, pending["filename"], PLAN_COLUMNS, empty_ok=True) if content else []
    areas = parse_plan_rows(rows) if rows else []
    context = {"details": form.details(), "filename": pending["filename"], "areas": areas}
    context["problems"] = problems
    return render(request, "plans/plan_create_preview.html", context, status=status)


def _create_confirmed(request, form, token: str, pending: dict):
    """The plan made from a confirmed preview; SpreadsheetError if its file no longer fits."""
    from .plans import _create_plan  # plans.py imports this module for the create form

    plan, done = _create_plan(form, request.user)
    _forget(request, CREATE_KEY, token, pending)
    messages.success(request, done)
    return redirect(plan)
