"""The PDF engine: report HTML laid out by WeasyPrint with the bundled fonts and print stylesheet.

Every app renders its reports with render_pdf; nothing is fetched over the network. Every PDF is
tagged (PDF/UA-1): the public sector's documents must be accessible (lag 2018:1937 om
tillgänglighet till digital offentlig service), so a screen reader gets the report's language,
title, headings and table headers from the HTML.
"""

import atexit
import io
import re
from functools import cache, partial
from html import unescape
from itertools import pairwise
from pathlib import Path

import pikepdf
import pydyf
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
    return _write_tagged(_document(html))


def _write_tagged(document, *, id_prefix: str = "") -> bytes:
    """The laid-out document as a tagged PDF/UA-1 file: structure tree from the HTML elements,
    /Lang from <html lang>, the <title> as the title a viewer shows (DisplayDocTitle)."""
    finisher = partial(_complete_tags, id_prefix=id_prefix)
    return document.write_pdf(pdf_variant="pdf/ua-1", finisher=finisher)


def _complete_tags(document, pdf: pydyf.PDF, *, id_prefix: str = "") -> None:
    """Link every table cell to its headers, and slim the tree, before WeasyPrint writes the file.

    1. WeasyPrint 70 tags th and td, but places the headers wrongly in a table with rowspans
       (the area tables' region codes land one column to the left), writes no /Scope and no
       IDTree, through which ISO 32000 resolves the /IDs that a cell's /Headers name. So each
       Table element (one per page the table is on, each with its repeated header) is linked
       anew (_link_headers), and every ID registered in the structure tree root's IDTree.
    2. WeasyPrint wraps each line of text in a Span element of its own, half of a report's
       elements, that says nothing a reader needs: its marked content moves up into the
       element it is in (_inline_text_spans), the ParentTree points there, and the Span is
       left unreferenced (pydyf cannot drop an object), so a joined report never copies it.
    3. The running footers (@page margin boxes) become pagination artifacts, as PDF/UA wants
       (_mark_footers_as_artifacts).
    """
    objects = pdf.objects
    ids, moved = [], {}
    for element in objects:
        if not isinstance(element, pydyf.Dictionary) or element.get("Type") != "/StructElem":
            continue
        if element["S"] == "/Table":
            ids += _link_headers(element, objects, id_prefix)
        _inline_text_spans(element, objects, moved)
    root = objects[int(pdf.catalog["StructTreeRoot"].split()[0])]
    nums = objects[int(root["ParentTree"].split()[0])]["Nums"]
    for index in range(1, len(nums), 2):
        if isinstance(nums[index], pydyf.Array):  # a page's MCIDs, not an annotation
            nums[index] = pydyf.Array(moved.get(ref, ref) for ref in nums[index])
    _mark_footers_as_artifacts(pdf, root, nums)
    if ids:
        names = pydyf.Array(item for key, ref in sorted(ids) for item in (pydyf.String(key), ref))
        tree = pydyf.Dictionary({"Names": names})
        pdf.add_object(tree)
        root["IDTree"] = tree.reference


def _mark_footers_as_artifacts(pdf: pydyf.PDF, root: pydyf.Dictionary, nums: list) -> None:
    """Mark the content of the elements left out of the tree as pagination artifacts.

    WeasyPrint tags the text of the @page margin boxes (running title, "Sida X av Y") with
    elements that it does not hang in the tree (an artifact has no element in PDF 1.7): their
    marked content becomes /Artifact in the page's content stream, their ParentTree entry null.
    """
    objects = pdf.objects
    in_tree, stack = set(), list(root["K"])
    while stack:
        ref = stack.pop()
        if ref not in in_tree:
            in_tree.add(ref)
            kids = objects[int(ref.split()[0])].get("K", ())
            stack.extend(kid for kid in kids if isinstance(kid, bytes))
    parents = {nums[index]: nums[index + 1] for index in range(0, len(nums), 2)}
    for number in pdf.pages["Kids"][::3]:
        page = objects[number]
        marked = parents[page["StructParents"]]
        footers = {mcid for mcid, ref in enumerate(marked) if ref not in in_tree}
        if not footers:
            continue
        for mcid in footers:
            marked[mcid] = "null"
        operations = objects[int(page["Contents"].split()[0])].stream
        for index, operation in enumerate(operations):
            if isinstance(operation, pydyf.Dictionary) and operation.get("MCID") in footers:
                operations[index - 1] = "/Artifact"
                operations[index] = pydyf.Dictionary({"Type": "/Pagination"})


def _inline_text_spans(element: pydyf.Dictionary, objects: list, moved: dict) -> None:
    """Put the marked content of the element's bare text Spans straight into its /K; moved
    gets each such Span's reference -> the element's."""
    if not any(isinstance(kid, bytes) for kid in element["K"]):
        return
    kids = pydyf.Array()
    for kid in element["K"]:
        span = objects[int(kid.split()[0])] if isinstance(kid, bytes) else None
        if (
            span is not None
            and span.get("S") == "/Span"  # not a link's object reference (OBJR)
            and span.keys() == {"Type", "S", "K", "Pg", "P"}  # no attributes, no ID, no text
            and span["Pg"] == element["Pg"]
            and len(span["K"]) == 1
            and isinstance(span["K"][0], int)
        ):
            kids.append(span["K"][0])
            moved[kid] = element.reference
            span.clear()
        else:
            kids.append(kid)
    element["K"] = kids


def _link_headers(table: pydyf.Dictionary, objects: list, id_prefix: str) -> list[tuple]:
    """Link a Table element's cells to their headers; its headers' (ID, reference) pairs.

    1. Place the cells on the grid from their /ColSpan and /RowSpan, as HTML does.
    2. Give each TH its /Scope, Column in a THead and Row elsewhere, as the report templates mark
       their th (scope="col" or "colgroup" in a thead, scope="row" in a tbody), and an /ID from
       its place, prefixed with id_prefix: the parts of a large report count their objects
       from 1 each, and their IDs stay unique when they are joined.
    3. Give each TD the /Headers of the column headers above it and the row headers beside it.
    """

    def kids(element, tags):
        refs = (kid for kid in element["K"] if isinstance(kid, bytes))  # not the MCIDs
        return [
            kid for kid in (objects[int(ref.split()[0])] for ref in refs) if kid.get("S") in tags
        ]

    rows = []
    for group in kids(table, ("/THead", "/TBody", "/TFoot", "/TR")):
        in_head = group["S"] == "/THead"
        rows += [
            (row, in_head) for row in ([group] if group["S"] == "/TR" else kids(group, ("/TR",)))
        ]
    taken, cells = set(), []
    for y, (row, in_head) in enumerate(rows):
        x = 0
        for cell in kids(row, ("/TH", "/TD")):
            while (y, x) in taken:
                x += 1
            width, height = cell["A"].get("ColSpan", 1), cell["A"].get("RowSpan", 1)
            taken.update((y + dy, x + dx) for dy in range(height) for dx in range(width))
            cells.append((cell, in_head, range(x, x + width), range(y, y + height)))
            x += width

    headers = [entry for entry in cells if entry[0]["S"] == "/TH"]
    for cell, in_head, columns, lines in headers:
        cell["A"]["Scope"] = "/Column" if in_head else "/Row"
        cell["ID"] = pydyf.String(f"{id_prefix}{table.number}-{lines[0]}-{columns[0]}")
    for cell, _, columns, lines in cells:
        if cell["S"] != "/TD":
            continue
        linked = pydyf.Array(
            header["ID"]
            for header, in_head, header_columns, header_lines in headers
            if (in_head and header_lines[-1] < lines[0] and _overlap(header_columns, columns))
            or (not in_head and _overlap(header_lines, lines))
        )
        if linked:
            cell["A"]["Headers"] = linked
        else:
            cell["A"].pop("Headers", None)
    return [(cell["ID"].string, cell.reference) for cell, *_ in headers]


def _overlap(first: range, second: range) -> bool:
    return first.start < second.stop and second.start < first.stop


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
       total known ("Sida X av Y"), keep only its tagged PDF bytes, and join them with qpdf.
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
        part = _document(document, CSS(string=rules))
        contents.append(_write_tagged(part, id_prefix=f"{index}-"))
        first_page += count
    return _join_pdfs(contents)


def _join_pdfs(contents: list[bytes]) -> bytes:
    """One tagged PDF of the parts' pages, with one structure tree and outline (qpdf).

    The parts are copied in one at a time and closed, so that qpdf holds one part besides the
    joined PDF: first its pages, so that qpdf maps the references of its structure tree and
    outline to them onto the copies; then the data of the streams the pages use, which qpdf
    would otherwise read from the part when the joined PDF is written. The document
    information, XMP metadata and language are the first part's.
    """
    joined = pikepdf.Pdf.new()
    tree = _StructureTree()
    outlines = []
    for index, content in enumerate(contents):
        with pikepdf.Pdf.open(io.BytesIO(content)) as part:
            start = len(joined.pages)
            joined.pages.extend(part.pages)
            pages = joined.pages[start:]
            tree.add(joined.copy_foreign(part.Root.StructTreeRoot), pages)
            if "/Outlines" in part.Root and "/First" in part.Root.Outlines:
                outlines.append(joined.copy_foreign(part.Root.Outlines))
            if index == 0:
                version = part.pdf_version
                for key, value in part.docinfo.items():
                    joined.docinfo[key] = value
                if "/Metadata" in part.Root:
                    joined.Root.Metadata = joined.copy_foreign(part.Root.Metadata)
                    _own_stream_data([joined.Root.Metadata])
                if "/Lang" in part.Root:
                    joined.Root.Lang = part.Root.Lang
            _own_stream_data([page.obj for page in pages])
    joined.Root.StructTreeRoot = tree.root(joined)
    if outlines:
        joined.Root.Outlines = _chain_outlines(joined, outlines)
    joined.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    joined.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    out = io.BytesIO()
    joined.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, min_version=version)
    return out.getvalue()


class _StructureTree:
    """The structure trees of a report's parts as one, their pages in turn (see _join_pdfs).

    1. Each later part's top-level elements hang under the first part's Document element.
    2. Each part's ParentTree entries (WeasyPrint writes them flat: one per page, then one per
       annotation) are numbered on from the parts before, and so the /StructParents of its
       pages and the /StructParent of its annotations.
    3. The parts' IDTrees are merged: their IDs are unique (see _link_headers).
    """

    def __init__(self):
        self.first = self.document = None
        self.nums, self.names = [], []
        self.next_key = 0

    def add(self, tree: pikepdf.Object, pages: list[pikepdf.Page]) -> None:
        if self.first is None:
            self.first, self.document = tree, tree.K[0]
        else:
            for kid in tree.K[0].K:
                kid.P = self.document
                self.document.K.append(kid)
        keys = [int(key) for key in tree.ParentTree.Nums[::2]]
        for key, value in zip(keys, tree.ParentTree.Nums[1::2], strict=True):
            self.nums += [key + self.next_key, value]
        for page in pages:
            page.obj.StructParents = page.obj.StructParents + self.next_key
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = annotation.StructParent + self.next_key
        self.next_key += max(keys) + 1
        if "/IDTree" in tree:
            names = tree.IDTree.Names
            self.names += zip(names[::2], names[1::2], strict=True)

    def root(self, joined: pikepdf.Pdf) -> pikepdf.Object:
        root = self.first
        root.ParentTree = joined.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(self.nums)))
        root.ParentTreeNextKey = self.next_key
        if self.names:
            self.names.sort(key=lambda entry: bytes(entry[0]))
            entries = pikepdf.Array([item for entry in self.names for item in entry])
            root.IDTree = joined.make_indirect(pikepdf.Dictionary(Names=entries))
        return root


def _own_stream_data(objects: list[pikepdf.Object]) -> None:
    """Copy into the joined PDF the data of every stream the objects reach (page contents,
    fonts, images, annotations' appearances), so that the part they came from can close."""
    seen = set()
    stack = list(objects)
    while stack:
        obj = stack.pop()
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream):
            if obj.is_indirect:
                if obj.objgen in seen:
                    continue
                seen.add(obj.objgen)
            if isinstance(obj, pikepdf.Stream):
                filters = {"filter": obj.get("/Filter"), "decode_parms": obj.get("/DecodeParms")}
                obj.write(obj.read_raw_bytes(), **filters, type_check=False)
                obj = obj.stream_dict
            if isinstance(obj, pikepdf.Array):
                stack.extend(obj)
            else:  # not up to the page tree, nor from an annotation back to its page
                stack.extend(value for key, value in obj.items() if key not in ("/Parent", "/P"))


def _chain_outlines(joined: pikepdf.Pdf, outlines: list[pikepdf.Object]) -> pikepdf.Object:
    """One outline (the PDF's bookmarks) of the parts' outlines, their top-level items in turn."""
    chained = joined.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
    items = []
    for outline in outlines:
        item = outline.First
        items.append(item)
        while "/Next" in item:
            item = item.Next
            items.append(item)
    for item in items:
        item.Parent = chained
    for previous, item in pairwise(items):
        previous.Next, item.Prev = item, previous
    chained.First, chained.Last = items[0], items[-1]
    chained.Count = sum(int(outline.get("/Count", 0)) for outline in outlines)
    return chained


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
