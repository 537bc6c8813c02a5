from django.urls import path, register_converter

import documents.converters  # noqa: F401 (registers the "id" converter)

from .views import links, pages, pdf

app_name = "agreements"


class RefConverter:
    """An initiative's reference as the report numbers it: "2", "2.3", "3.1.4"; letters and
    hyphens too, at most 20 characters (the field's length), nothing that needs escaping."""

    regex = r"[0-9A-Za-z][0-9A-Za-z.\-]{0,19}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


class YearConverter:
    """A year of four digits: a longer number is no page (404), not an overflow (500)."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(RefConverter, "initiative_ref")
register_converter(YearConverter, "year")

urlpatterns = [
    path("", pages.agreement_list_view, name="agreement-list"),
    path("koppla/<id:activity>/", links.activity_links, name="activity-links"),
    path("<year:year>/", pages.agreement_detail, name="agreement-detail"),
    path(
        "<year:year>/insats/<initiative_ref:ref>/",
        pages.initiative_detail,
        name="initiative-detail",
    ),
    path("<year:year>/tackning/", pages.agreement_coverage_view, name="agreement-coverage"),
    path("<year:year>/uppfoljning.pdf", pdf.agreement_pdf, name="agreement-pdf"),
    path(
        "<year:year>/bilagor/<id:pk>/<str:filename>",
        pages.appendix_download,
        name="appendix-download",
    ),
]
