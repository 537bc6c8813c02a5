from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..models import Appendix
from ..permissions import get_agreement_for_user, get_initiative_for_user
from ..selectors import (
    Scope,
    agreement_coverage,
    agreement_list,
    agreement_outline,
    initiative_page,
)


@login_required
@require_GET
def agreement_list_view(request):
    agreements = agreement_list(Scope.for_user(request.user))
    return render(request, "agreements/agreement_list.html", {"agreements": agreements})


@login_required
@require_GET
def agreement_detail(request, year: int):
    agreement = get_agreement_for_user(request.user, year)
    outline = agreement_outline(agreement, Scope.for_user(request.user))
    context = {"agreement": agreement, "outline": outline}
    return render(request, "agreements/agreement_detail.html", context)


@login_required
@require_GET
def initiative_detail(request, year: int, ref: str):
    initiative = get_initiative_for_user(request.user, year, ref)
    page = initiative_page(initiative, Scope.for_user(request.user))
    context = {"agreement": initiative.agreement, "initiative": initiative, "page": page}
    return render(request, "agreements/initiative_detail.html", context)


@login_required
@require_GET
def agreement_coverage_view(request, year: int):
    agreement = get_agreement_for_user(request.user, year)
    coverage = agreement_coverage(agreement, Scope.for_user(request.user))
    context = {"agreement": agreement, "coverage": coverage}
    return render(request, "agreements/agreement_coverage.html", context)


@login_required
@require_GET
def appendix_download(request, year: int, pk: int, filename: str):
    """An appendix's file, for whoever may read the agreement, always as a download (a PDF or
    an image is never opened as a page of this site)."""
    agreement = get_agreement_for_user(request.user, year)
    appendix = Appendix.objects.filter(agreement=agreement, pk=pk).exclude(file="").first()
    if appendix is None or filename != appendix.file.name.rsplit("/", 1)[-1]:
        raise Http404
    if not default_storage.exists(appendix.file.name):
        raise Http404
    response = FileResponse(
        default_storage.open(appendix.file.name, "rb"), as_attachment=True, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
