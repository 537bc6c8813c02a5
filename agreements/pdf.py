"""The agreement's follow-up as a PDF: per area and initiative, nested as the national report
nests them, the national text and the activities of the RCCs' plans that carry it out, with
the latest follow-up levels of their goals."""

from dataclasses import dataclass

from django.template.loader import render_to_string

from documents.pdf import render_pdf

from .models import Agreement
from .selectors import Outline, RccGroup, Scope, agreement_outline, linked_activities


@dataclass
class AgreementReport:
    outline: Outline
    title: str
    rccs: dict[int, list[RccGroup]]  # per initiative id

    @property
    def activity_count(self) -> int:
        """The activities linked to any initiative (one linked to two counts once)."""
        return len(
            {
                activity.pk
                for groups in self.rccs.values()
                for rcc in groups
                for group in rcc.plans
                for activity in group.activities
            }
        )


def agreement_heading(agreement: Agreement) -> str:
    return f"Uppföljning av överenskommelsen {agreement.year}"


def agreement_filename(agreement: Agreement) -> str:
    return f"overenskommelsen-{agreement.year}-uppfoljning.pdf"


def agreement_report(agreement: Agreement, scope: Scope) -> AgreementReport:
    """In six queries: the outline's four, the links with their activities, the levels."""
    outline = agreement_outline(agreement, scope)
    rccs = linked_activities(outline.initiatives, scope)
    for initiative in outline.initiatives:
        initiative.rcc_list = rccs.get(initiative.pk, [])
    return AgreementReport(outline=outline, title=agreement_heading(agreement), rccs=rccs)


def render_agreement_html(agreement: Agreement, scope: Scope) -> str:
    report = agreement_report(agreement, scope)
    return render_to_string(
        "agreements/pdf/agreement.html",
        {"report": report, "outline": report.outline, "agreement": agreement},
    )


def render_agreement_pdf(agreement: Agreement, scope: Scope) -> bytes:
    return render_pdf(render_agreement_html(agreement, scope))
