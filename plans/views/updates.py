"""Updating a plan from its exported file in the browser: upload, preview, confirm or cancel.

The uploaded file waits in Django's storage between the preview and the person's answer; the
session holds where, under a token in the preview's URL, so that nobody else's token (or a
forged one) finds it. Confirming reads the file again under the plan's lock
(plans.services.plan_update_apply), so what is written is what the plan is then.
"""

import secrets
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from documents.spreadsheets import SpreadsheetError

from .. import services
from ..forms import PlanUpdateForm
from ..permissions import get_plan_for_owner
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
            plan_update_read(plan=plan, content=content, filename=upload.name)
        except SpreadsheetError as exc:  # unreadable: no preview to show
            problems = exc.problems
        else:
            token = secrets.token_urlsafe(16)
            suffix = PurePath(upload.name).suffix.lower()
            path = default_storage.save(f"plan-updates/{token}{suffix}", ContentFile(content))
            pending = request.session.get(SESSION_KEY, {})
            pending[token] = {"plan": plan.pk, "path": path, "filename": upload.name}
            request.session[SESSION_KEY] = pending
            return redirect("plans:plan-update-preview", slug=plan.slug, token=token)
    status = 400 if request.method == "POST" else 200
    context = {"plan": plan, "form": form, "problems": problems}
    return render(request, "plans/plan_update.html", context, status=status)


def _pending(request, plan, token: str) -> dict:
    pending = request.session.get(SESSION_KEY, {}).get(token)
    if pending is None or pending["plan"] != plan.pk or not default_storage.exists(pending["path"]):
        raise Http404
    return pending


def _forget(request, token: str, pending: dict) -> None:
    default_storage.delete(pending["path"])
    request.session[SESSION_KEY] = {
        key: value for key, value in request.session.get(SESSION_KEY, {}).items() if key != token
    }


@login_required
def plan_update_preview(request, slug, token):
    """Every change and every problem; confirm writes all of it, cancel nothing."""
    plan = get_plan_for_owner(request.user, slug)
    pending = _pending(request, plan, token)
    with default_storage.open(pending["path"], "rb") as file:
        content = file.read()
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "cancel":
        _forget(request, token, pending)
        messages.success(request, _("Uppdateringen är avbruten; planen är oförändrad."))
        return redirect(plan)
    status = 200
    try:
        if action == "confirm":
            update = services.plan_update_apply(
                plan=plan, content=content, filename=pending["filename"], user=request.user
            )
            _forget(request, token, pending)
            messages.success(
                request,
                _("Planen är uppdaterad: %(summary)s. Ändringarna finns i planens historik.")
                % {"summary": update.summary},
            )
            return redirect(plan)
        update = plan_update_read(plan=plan, content=content, filename=pending["filename"])
    except SpreadsheetError:  # changed meanwhile: the preview again, with what stands now
        update = plan_update_read(plan=plan, content=content, filename=pending["filename"])
        status = 409
    context = {
        "plan": plan,
        "update": update,
        "filename": pending["filename"],
        "action_url": reverse("plans:plan-update-preview", args=[plan.slug, token]),
    }
    return render(request, "plans/plan_update_preview.html", context, status=status)
