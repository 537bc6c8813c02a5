"""django-axes' hooks: the client's address behind proxies and the lockout response."""

from django.conf import settings
from django.forms.forms import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import ngettext


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: the one the PROXY_COUNT-th proxy from us saw, else the connection's.

    Each proxy appends the address it was reached from to X-Forwarded-For; only the entries our
    own proxies appended can be trusted, the ones before them are the client's to choose.
    """
    if settings.PROXY_COUNT:
        forwarded = [
            address.strip()
            for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if address.strip()
        ]
        if len(forwarded) >= settings.PROXY_COUNT:
            return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    # The same words whether or not the user exists: they tell nothing about the account.
    return ngettext(
        "För många misslyckade inloggningsförsök. Försök igen om %(minutes)d minut.",
        "För många misslyckade inloggningsförsök. Försök igen om %(minutes)d minuter.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """The login page that was tried (the site's or the admin's) with the lockout message.

    Its form shows the message in place of "wrong username or password", and the status is
    429 Too Many Requests.
    """
    status = settings.AXES_HTTP_RESPONSE_CODE
    context = getattr(original_response, "context_data", None) or {}
    form = context.get("form")
    if form is None or not isinstance(original_response, TemplateResponse):
        return HttpResponse(lockout_message(), status=status, content_type="text/plain")
    form.errors.clear()
    form.errors[NON_FIELD_ERRORS] = form.error_class([lockout_message()], error_class="nonfield")
    response = TemplateResponse(request, original_response.template_name, context, status=status)
    return response.render()
