"""Every PDF is tagged (PDF/UA-1), for screen readers: its language, title, headings in order and
table cells linked to their headers, also when a large report is joined from parts."""

import io
import re
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field

import pikepdf
import pytest
from pypdf import PdfReader

from documents.pdf import render_pdf
from followup.models import FollowUpRound
from followup.pdf import render_followup_html, render_region_html
from plans.models import Plan
from plans.pdf import render_plan_html
from tests.conftest import MELLANSVERIGE, NORR


@pytest.fixture
def norr_2023(db):
    return FollowUpRound.objects.get(plan__slug=NORR, year=2023)


@dataclass
class Element:
    tag: str
    text: str
    attributes: dict
    objgen: tuple[int, int]
    id: bytes | None = None
    children: list["Element"] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Tagged:
    """A PDF's structure tree as a screen reader walks it, with each element's text, and the
    text of each page's artifacts (what a reader skips)."""

    pdf: pikepdf.Pdf
    document: Element
    marked: dict[tuple[int, int], str]
    artifacts: dict[int, str]

    def elements(self, tag: str) -> list[Element]:
        return [element for element in self.document.walk() if element.tag == tag]

    def headings(self) -> list[tuple[int, str]]:
        return [
            (int(element.tag[1]), element.text)
            for element in self.document.walk()
            if re.fullmatch(r"H[1-6]", element.tag)
        ]

    def headers_of(self, cell: Element) -> list[str]:
        """The texts of a cell's headers, found through the IDTree as a reader finds them."""
        names = self.pdf.Root.StructTreeRoot.IDTree.Names
        by_id = {bytes(names[i]): names[i + 1].objgen for i in range(0, len(names), 2)}
        texts = {element.objgen: element.text for element in self.document.walk()}
        return [texts[by_id[bytes(header)]] for header in cell.attributes.get("/Headers", [])]


def tagged(content: bytes) -> Tagged:
    pdf = pikepdf.Pdf.open(io.BytesIO(content))
    marked, artifacts = _marked_texts(content)
    pages = {page.objgen: number for number, page in enumerate(pdf.pages)}

    def element(node, page) -> Element:
        page = pages[node.Pg.objgen] if "/Pg" in node else page
        attributes = dict(node.get("/A", {}))
        made = Element(
            str(node.S)[1:], "", attributes, node.objgen, bytes(node.ID) if "/ID" in node else None
        )
        texts = []
        for kid in node.K:
            if isinstance(kid, int):
                texts.append(marked.get((page, kid), ""))  # a space, a bullet
            elif kid.get("/Type") == "/StructElem":
                made.children.append(element(kid, page))
                texts.append(made.children[-1].text)
        made.text = " ".join(text for text in texts if text)
        return made

    (document,) = pdf.Root.StructTreeRoot.K
    return Tagged(pdf, element(document, None), marked, artifacts)


def _marked_texts(content: bytes) -> tuple[dict[tuple[int, int], str], dict[int, str]]:
    """The text of each marked-content sequence, (page number, MCID) -> text, and of each
    page's artifacts, page number -> text."""
    texts, artifacts = defaultdict(str), defaultdict(str)
    for number, page in enumerate(PdfReader(io.BytesIO(content)).pages):
        open_ids = []  # an MCID, or the tag of a sequence without one

        def before(operator, operands, _cm, _tm, open_ids=open_ids):
            if operator in (b"BDC", b"BMC"):
                properties = operands[1] if operator == b"BDC" else None
                mcid = properties.get("/MCID") if hasattr(properties, "get") else None
                open_ids.append(str(operands[0]) if mcid is None else int(mcid))
            elif operator == b"EMC" and open_ids:
                open_ids.pop()

        def text(fragment, *_args, open_ids=open_ids, number=number):
            if "/Artifact" in open_ids:
                artifacts[number] += fragment
            elif open_ids and isinstance(open_ids[-1], int):
                texts[number, open_ids[-1]] += fragment

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    squeezed = {key: " ".join(value.split()) for key, value in texts.items()}
    return squeezed, {key: " ".join(value.split()) for key, value in artifacts.items()}


def assert_accessible(content: bytes, *, title: str) -> Tagged:
    """What PDF/UA-1 asks of every report: marked, in Swedish, titled, its headings in order and
    each table cell linked to headers that exist."""
    document = tagged(content)
    pdf = document.pdf
    assert pdf.Root.MarkInfo.Marked is True
    assert str(pdf.Root.Lang) == "sv"
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    assert str(pdf.docinfo.Title) == title
    metadata = pdf.open_metadata()
    assert metadata["dc:title"] == title
    assert metadata["pdfuaid:part"] == "1"
    assert document.document.tag == "Document"

    levels = [level for level, _text in document.headings()]
    assert levels[0] == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, document.headings()  # no level skipped

    headers = document.elements("TH")
    assert headers
    assert all(str(th.attributes["/Scope"]) in ("/Column", "/Row") for th in headers)
    ids = [th.id for th in headers]
    assert len(set(ids)) == len(ids)
    names = pdf.Root.StructTreeRoot.IDTree.Names
    keys = [bytes(names[i]) for i in range(0, len(names), 2)]
    assert keys == sorted(keys) and set(keys) == set(ids)
    for cell in document.elements("TD"):
        assert {bytes(header) for header in cell.attributes.get("/Headers", [])} <= set(ids)

    # Every text is in the tree, found through the ParentTree, but the running footers, which
    # are pagination artifacts (the cover has none).
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    in_tree = {element.objgen for element in document.document.walk()}
    for (number, mcid), text in document.marked.items():
        parent = parents[int(pdf.pages[number].obj.StructParents)][mcid]
        assert parent is not None and parent.objgen in in_tree, (number, mcid, text)
    total = len(pdf.pages)
    assert 0 not in document.artifacts
    for number in range(1, total):
        assert document.artifacts[number].endswith(f"Sida {number + 1} av {total}")
    return document


def cells_of_table_after(document: Tagged, heading: str) -> list[list[Element]]:
    """The rows of cells of the first table after a heading, in reading order."""
    elements = list(document.document.walk())
    start = next(i for i, e in enumerate(elements) if e.tag.startswith("H") and e.text == heading)
    table = next(e for e in elements[start:] if e.tag == "Table")
    return [
        [cell for cell in row.children if cell.tag in ("TH", "TD")]
        for row in table.walk()
        if row.tag == "TR"
    ]


def assert_every_th_has_a_scope(html: str):
    cells = re.findall(r"<th\b[^>]*>", html)
    assert cells and all("scope=" in cell for cell in cells), cells


@pytest.mark.django_db
def test_it_tags_the_followup_report(norr_2023):
    html = render_followup_html(norr_2023)
    assert_every_th_has_a_scope(html)

    document = assert_accessible(render_pdf(html), title=norr_2023.title)

    headings = document.headings()
    assert headings[0] == (1, norr_2023.title)
    for chapter in ["Inledning", "Sammanfattning", "Översikt: mål och regioner"]:
        assert (1, chapter) in headings
    assert (2, "Nivåer i rapporten") in headings
    assert (2, "Sammanställning av nivåerna") in headings
    assert (1, "1. Prevention och tidig diagnostik") in headings
    # The counts: each number is read with its region and its level.
    header, first = cells_of_table_after(document, "Sammanställning av nivåerna")[:2]
    assert [th.text for th in header] == ["Region", "U", "P", "E", "Delad", "Ingen"]
    assert first[0].text == "RJH" and first[0].tag == "TH"
    assert document.headers_of(first[1]) == ["U", "RJH"]
    # An area table's two header rows (Mål and Kommentarer span both): a level is read with
    # "Uppföljning" and its region, the goal with "Mål", the comments with "Kommentarer".
    top, regions, row = cells_of_table_after(document, "1. Prevention och tidig diagnostik")[:3]
    assert [th.text for th in top] == ["Mål", "Uppföljning", "Kommentarer"]
    assert [th.text for th in regions] == ["RJH", "RN", "RV", "RVN"]
    assert document.headers_of(row[0]) == ["Mål"]
    assert [document.headers_of(cell) for cell in row[1:5]] == [
        ["Uppföljning", code] for code in ["RJH", "RN", "RV", "RVN"]
    ]
    assert document.headers_of(row[5]) == ["Kommentarer"]


@pytest.mark.django_db
def test_it_tags_a_region_report(norr_2023):
    current = FollowUpRound.objects.get(plan=norr_2023.plan, year=2024)
    report = current.reports.select_related("region").get(region__code="RJH")
    html = render_region_html(report)
    assert_every_th_has_a_scope(html)

    document = assert_accessible(
        render_pdf(html), title=f"Region Jämtland Härjedalen – {current.title}"
    )

    headings = document.headings()
    assert headings[:3] == [
        (1, "Region Jämtland Härjedalen"),
        (1, "Nivåerna 2024 jämfört med 2023"),
        (2, "Nivåer i rapporten"),
    ]
    top, row = cells_of_table_after(document, "1. Prevention och tidig diagnostik")[:2]
    assert [th.text for th in top] == ["Mål", "2023", "2024", "Kommentar"]
    assert [document.headers_of(cell) for cell in row] == [
        ["Mål"],
        ["2023"],
        ["2024"],
        ["Kommentar"],
    ]


@pytest.mark.django_db
def test_it_tags_the_plan():
    plan = Plan.objects.get(slug=MELLANSVERIGE)
    html = render_plan_html(plan)
    assert_every_th_has_a_scope(html)

    document = assert_accessible(render_pdf(html), title=plan.title)

    headings = document.headings()
    assert headings[:2] == [(1, plan.title), (1, "Förutsättningar")]  # the chapters come first
    assert (2, "Urval av specifika uppdrag i överenskommelsen för 2025") in headings
    introduction = headings.index((1, "Inledning"))
    assert headings[introduction + 1] == (2, "Förkortningar som förekommer i tabellerna")
    for area in plan.areas.all():
        assert (1, f"Tabell {area.number}. {area.title}") in headings
    header, first = cells_of_table_after(document, "Förkortningar som förekommer i tabellerna")[:2]
    assert [th.text for th in header] == ["Förkortning", "Betydelse"]
    assert first[0].tag == "TH" and document.headers_of(first[1]) == ["Betydelse", first[0].text]


@pytest.mark.django_db
def test_a_goal_of_several_activities_keeps_each_cell_under_its_header(norr, plan_builder):
    """The goal cell spans the goal's activities: the second activity's cells, one fewer, are
    still read under their own headers."""
    plan = plan_builder(slug="tva-aktiviteter", owner=norr, activities_per_goal=2)

    document = assert_accessible(render_pdf(render_plan_html(plan)), title=plan.title)

    header, first, second = cells_of_table_after(document, "Tabell 1. Område 1")[:3]
    names = ["Vad ska göras?", "Mål", "Hur?", "Vem?", "När?", "Uppföljning", "Ansvarig"]
    assert [th.text for th in header] == [*names, "Tidsram"]
    assert [document.headers_of(cell) for cell in first] == [[name] for name in [*names, "Tidsram"]]
    assert [document.headers_of(cell) for cell in second] == [
        [name] for name in ["Vad ska göras?", *names[2:], "Tidsram"]
    ]


@pytest.mark.django_db
def test_a_report_joined_from_parts_has_one_structure_tree(norr_2023, monkeypatch):
    html = render_followup_html(norr_2023)
    whole = tagged(render_pdf(html))
    monkeypatch.setattr("documents.pdf.LARGE_REPORT_CHARS", 1000)
    assert html.count("<!-- report-part -->") >= 3

    content = render_pdf(html)

    joined = assert_accessible(content, title=norr_2023.title)
    pdf = joined.pdf
    assert joined.headings() == whole.headings()
    assert [(e.tag, e.text) for e in joined.document.walk()] == [
        (e.tag, e.text) for e in whole.document.walk()
    ]
    assert [joined.headers_of(td) for td in joined.elements("TD")] == [
        whole.headers_of(td) for td in whole.elements("TD")
    ]
    # Each page's marked content is found through the one ParentTree, on that page.
    root = pdf.Root.StructTreeRoot
    nums = root.ParentTree.Nums
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    keys = [int(page.obj.StructParents) for page in pdf.pages]
    assert len(set(keys)) == len(keys) == len(pdf.pages)
    assert int(root.ParentTreeNextKey) == max(parents) + 1
    for key, page in zip(keys, pdf.pages, strict=True):
        elements = [element for element in parents[key] if element is not None]
        assert all(element.Pg.objgen == page.objgen for element in elements)
        assert len(elements) == len(set(re.findall(rb"/MCID (\d+)", page.Contents.read_bytes())))
    # The bookmarks are the whole report's.
    with pdf.open_outline() as outline, whole.pdf.open_outline() as expected:
        assert [item.title for item in outline.root] == [item.title for item in expected.root]
        destinations = [pikepdf.Page(item.destination[0]) for item in outline.root]
        assert [pdf.pages.index(page) for page in destinations] == [
            whole.pdf.pages.index(pikepdf.Page(item.destination[0])) for item in expected.root
        ]


@pytest.mark.django_db
@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo (poppler-utils) is absent")
def test_pdfinfo_reads_the_report_as_tagged(norr_2023, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(render_followup_html(norr_2023)))

    info = subprocess.run(["pdfinfo", path], check=True, capture_output=True, text=True).stdout

    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(rf"^Title:\s+{re.escape(norr_2023.title)}$", info, re.M)
