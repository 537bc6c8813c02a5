from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import PreferencesForm
from .models import Preference
from .rules import kinds_for
from .services import is_linked_person, preferences_save


@login_required
def preferences(request):
    """The logged-in person's choice of notifications, among those their roles bring."""
    kinds = kinds_for(request.user, is_person=is_linked_person(request.user))
    stored = list(Preference.objects.filter(user=request.user))
    form = PreferencesForm(request.POST or None, kinds=kinds, preferences=stored)
    if request.method == "POST" and form.is_valid():
        preferences_save(user=request.user, enabled=form.cleaned_data)
        messages.success(request, _("Dina val av aviseringar är sparade."))
        return redirect("notifications:preferences")
    status = 400 if form.is_bound else 200
    return render(
        request, "notifications/preferences.html", {"form": form, "kinds": kinds}, status=status
    )
