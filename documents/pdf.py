"""The PDF engine: report HTML laid out by WeasyPrint with the bundled fonts and print stylesheet.

Every app renders its reports with render_pdf; nothing is fetched over the network.
"""

import atexit
import io
import re
from functools import cache
from html import unescape
from pathlib import Path

import pikepdf
from django.conf import settings
from weasyprint import CSS, HTML, URLFetcher
from weasyprint.text.fonts import FontConfiguration

STATIC = Path(settings.BASE_DIR) / "static"
# Between chapters of a report: where a large report may be laid out in parts.
PART_BREAK = "<!-- report-part -->"
# Reports whose HTML is larger than this are laid out part by part (see render_pdf).
LARGE_REPORT_CHARS = 2_000_000
# Reports load their stylesheet and fonts from static/ and nothing from the network.
LOCAL_ONLY = URLFetcher(allowed_protocols=["file", "data"])


@cache
def _print_stylesheet():
    """The print stylesheet and its fonts, parsed once per process."""
    fonts = FontConfiguration()
    stylesheet = CSS(
        filename=str(STATIC / "css" / "print.css"), font_config=fonts, url_fetcher=LOCAL_ONLY
    )
    return stylesheet, fonts


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
    stylesheet, fonts = _print_stylesheet()
    return HTML(string=html, base_url=str(STATIC), url_fetcher=LOCAL_ONLY).render(
        stylesheets=[stylesheet, *extra_stylesheets], font_config=fonts
    )


def _render_in_parts(html: str) -> bytes:
    """Lay out a large report one part at a time, so only one part's layout is in memory.

    1. Split the body at PART_BREAK; every part keeps the document's head and running title.
    2. Lay out each part once just to count its pages, and let the layout go.
    3. Lay out each part again with its page numbers continuing from the parts before and the
       total known ("Sida X av Y"), keep only its PDF bytes, and join them with qpdf.
    """
    start = html.index(">", html.index("<body")) + 1
    end = html.rindex("</body>")
    head, body, tail = html[:start], html[start:end], html[end:]
    title = re.search(r'<p class="running-title">(.*?)</p>', body, re.S)
    running = _css_string(unescape(title.group(1)).strip()) if title else '""'
    documents = [head + part + tail for part in body.split(PART_BREAK)]

    counts = [len(_document(document).pages) for document in documents]
    total = sum(counts)

    contents = []
    first_page = 1
    for index, (document, count) in enumerate(zip(documents, counts, strict=True)):
        numbers = f'"Sida " counter(page) " av {total}"'
        footers = f"@bottom-left {{ content: {running} }} @bottom-right {{ content: {numbers} }}"
        rules = f"@page {{ {footers} }}"
        if index:  # only the first part opens on the cover, which has no footer
            rules += f"@page :first {{ counter-reset: page {first_page}; {footers} }}"
        contents.append(_document(document, CSS(string=rules)).write_pdf())
        first_page += count
    return _join_pdfs(contents)


def _join_pdfs(contents: list[bytes]) -> bytes:
    """One PDF of the parts' pages, with the first part's metadata and language (qpdf)."""
    parts = [pikepdf.Pdf.open(io.BytesIO(content)) for content in contents]
    joined = pikepdf.Pdf.new()
    for part in parts:
        joined.pages.extend(part.pages)
    first = parts[0]
    for key, value in first.docinfo.items():
        joined.docinfo[key] = value
    if "/Lang" in first.Root:
        joined.Root.Lang = first.Root.Lang
    out = io.BytesIO()
    joined.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


# A browser preview larger than this shows the chapters that fit, and says that the PDF has all.
PREVIEW_MAX_CHARS = 450_000


def preview_html(html: str, *, notice: str) -> str:
    """The browser preview of a report: a small report whole; of a large one (a national
    round is megabytes of HTML) the chapters that fit in PREVIEW_MAX_CHARS, then the notice
    (HTML). Chapters are cut only between the parts the report marks with PART_BREAK."""
    if len(html) <= PREVIEW_MAX_CHARS or PART_BREAK not in html:
        return html
    end = html.rindex("</body>")
    parts = html[:end].split(PART_BREAK)
    kept, size = [parts[0]], len(parts[0])
    for part in parts[1:]:
        if size + len(part) > PREVIEW_MAX_CHARS:
            break
        kept.append(part)
        size += len(part)
    return PART_BREAK.join(kept) + notice + html[end:]
