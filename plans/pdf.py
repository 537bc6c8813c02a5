"""PDF reports: templates rendered by Django, laid out by WeasyPrint with bundled fonts."""

import atexit
import io
import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from .models import Plan

STATIC = Path(settings.BASE_DIR) / "static"
# Between chapters of a report: where a large report may be laid out in parts.
PART_BREAK = "<!-- report-part -->"
# Reports whose HTML is larger than this are laid out part by part (see render_pdf).
LARGE_REPORT_CHARS = 2_000_000
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
    """Lay out report HTML with the print stylesheet; nothing is fetched over the network.

    A large report marked into parts (PART_BREAK between chapters) is laid out one part at a
    time, so that memory stays bounded whatever the size of the plan; see _render_in_parts.
    """
    if len(html) > LARGE_REPORT_CHARS and PART_BREAK in html:
        return _render_in_parts(html)
    return _document(html).write_pdf()


def _document(html: str, *extra_stylesheets):
    from weasyprint import HTML

    stylesheet, fonts = _print_stylesheet()
    return HTML(string=html, base_url=str(STATIC), url_fetcher=_local_only).render(
        stylesheets=[stylesheet, *extra_stylesheets], font_config=fonts
    )


def _render_in_parts(html: str) -> bytes:
    """Lay out each part on its own, then stamp the page footers over the joined pages.

    1. Split the body at PART_BREAK; every part keeps the document's head.
    2. Lay out each part without footers and keep only its PDF bytes, so one part's layout
       is in memory at a time.
    3. Lay out a document of empty pages of the same sizes that carries only the footers
       ("Sida X av Y" and the running title), and merge each of its pages onto the content.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject
    from weasyprint import CSS

    start = html.index(">", html.index("<body")) + 1
    end = html.rindex("</body>")
    head, body, tail = html[:start], html[start:end], html[end:]
    no_footers = CSS(string="@page { @bottom-left { content: none } @bottom-right { content: none } }")

    writer = PdfWriter()
    sizes = []
    metadata = None
    for part in body.split(PART_BREAK):
        document = _document(head + part + tail, no_footers)
        sizes += [(page.width, page.height) for page in document.pages]
        reader = PdfReader(io.BytesIO(document.write_pdf()))
        metadata = metadata or reader.metadata
        writer.append(reader)
        del document

    footers = PdfReader(io.BytesIO(_document(_footer_html(html, sizes)).write_pdf()))
    for page, footer in zip(writer.pages, footers.pages, strict=True):
        page.merge_page(footer)
        page.compress_content_streams()
    # Every part embedded its own copy of the fonts' subsets and the footers' font.
    writer.compress_identical_objects()
    if metadata:
        writer.add_metadata(dict(metadata))
    language = re.search(r'<html lang="([^"]+)"', html)
    if language:
        writer._root_object[NameObject("/Lang")] = TextStringObject(language.group(1))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _footer_html(html: str, sizes: list[tuple[float, float]]) -> str:
    """Empty pages of the given sizes whose margin boxes carry the report's footers."""
    title = re.search(r'<p class="running-title">(.*?)</p>', html, re.S)
    names = {size: f"size{i}" for i, size in enumerate(dict.fromkeys(sizes))}
    rules = "".join(f"@page {name} {{ size: {w}px {h}px }}" for (w, h), name in names.items())
    running = f'<p class="running-title">{title.group(1)}</p>' if title else ""
    pages = "".join(
        f'<div style="page: {names[size]}; break-before: page">{running if i == 0 else ""}</div>'
        for i, size in enumerate(sizes)
    )
    return f'<html lang="sv"><head><style>{rules}</style></head><body>{pages}</body></html>'


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
