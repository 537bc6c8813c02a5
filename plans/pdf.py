"""PDF reports: templates rendered by Django, laid out by WeasyPrint with bundled fonts."""

import atexit
from functools import cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from .models import Plan

STATIC = Path(settings.BASE_DIR) / "static"
STAR_NOTE = (
    "Aktiviteter markerade med stjärna (*) finns inte i cancerplanen utan kommer från årets "
    "överenskommelse mellan staten och SKR."
)


@cache
def _print_stylesheet():
    """The print stylesheet and its fonts, parsed once per process."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return CSS(filename=str(STATIC / "css" / "print.css"), font_config=fonts), fonts


# Let the fonts go while the interpreter is still whole, not during its teardown.
atexit.register(_print_stylesheet.cache_clear)


def render_pdf(html: str) -> bytes:
    """Lay out report HTML with the print stylesheet; nothing is fetched over the network."""
    from weasyprint import HTML

    stylesheet, fonts = _print_stylesheet()
    document = HTML(string=html, base_url=str(STATIC), url_fetcher=_local_only)
    return document.write_pdf(stylesheets=[stylesheet], font_config=fonts)


def _local_only(url: str, timeout=10, ssl_context=None):
    from weasyprint import default_url_fetcher

    if not url.startswith(("file:", "data:")):
        raise ValueError(f"Reports load nothing from the network: {url}")
    return default_url_fetcher(url, timeout=timeout, ssl_context=ssl_context)


def plan_report_context(plan: Plan, *, pdf_url: str = "") -> dict:
    plan = Plan.objects.with_tree().prefetch_related("abbreviations").get(pk=plan.pk)
    return {
        "plan": plan,
        "abbreviations": plan.abbreviations.all(),
        "star_note": STAR_NOTE,
        "preview": bool(pdf_url),
        "pdf_url": pdf_url,
    }


def render_plan_html(plan: Plan, *, pdf_url: str = "") -> str:
    """The plan's HTML; with a pdf_url it is the browser preview, linking to the PDF."""
    return render_to_string("plans/pdf/plan.html", plan_report_context(plan, pdf_url=pdf_url))


def render_plan_pdf(plan: Plan) -> bytes:
    return render_pdf(render_plan_html(plan))
