from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from documents.renderings import pdf_download

from ..pdf import agreement_filename, agreement_heading, render_agreement_html
from ..permissions import get_agreement_for_user
from ..selectors import Scope


@login_required
@require_GET
def agreement_pdf(request, year: int):
    """The agreement's follow-up as PDF, for whoever may read its page, with what that reader
    may see of the plans, laid out by the background worker (see documents.renderings)."""
    agreement = get_agreement_for_user(request.user, year)
    return pdf_download(
        request,
        html=render_agreement_html(agreement, Scope.for_user(request.user)),
        filename=agreement_filename(agreement),
        title=agreement_heading(agreement),
        back_url=agreement.get_absolute_url(),
    )
