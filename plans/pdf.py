"""The plan as a PDF: title page, chapters, abbreviations and one table per area."""

from django.template.loader import render_to_string

from documents.pdf import render_pdf

from .models import Plan

STAR_NOTE = (
    "Aktiviteter markerade med stjärna (*) finns inte i cancerplanen utan kommer från årets "
    "överenskommelse mellan staten och SKR."
)


def plan_report_context(plan: Plan, *, pdf_url: str = "") -> dict:
    plan = Plan.objects.with_tree().prefetch_related("abbreviations", "chapters").get(pk=plan.pk)
    chapters = list(plan.chapters.all())
    return {
        "plan": plan,
        "chapters_before": [c for c in chapters if c.placement == c.Placement.BEFORE],
        "chapters_after": [c for c in chapters if c.placement == c.Placement.AFTER],
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
