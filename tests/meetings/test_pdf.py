"""The minutes as a PDF laid out like the steering group's own, in the browser and from the
command line; a planned meeting's PDF is its agenda."""

import io
import itertools
import re
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from documents.reports import report_kinds
from meetings.models import Attachment, Decision, Meeting
from meetings.pdf import render_minutes_html, render_minutes_pdf
from registry.models import Person
from tests.documents.test_pdf_tags import tagged

pytestmark = pytest.mark.django_db

TITLE = "Protokoll RCC Styrgruppsmöte 3 juni 2025"
DECISION = (
    "Styrgruppens representanter tar med frågan om implementering och KSSK-uppdrag till sitt "
    "LPO med återkoppling vid nästa styrgruppsmöte."
)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def read(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def _pdf_url(meeting) -> str:
    return reverse("meetings:meeting-minutes-pdf", args=[meeting.pk])


@pytest.fixture(scope="module")
def demo_pdf(django_db_blocker) -> bytes:
    """The demo meeting's PDF (loaded by load_demo with meetings.services.meeting_import_file),
    laid out once for the module's tests; TestTheCommand writes it from the command line."""
    with django_db_blocker.unblock():
        meeting = Meeting.objects.get(
            group__healthcare_region__code="mellansverige", date=date(2025, 6, 3)
        )
        return render_minutes_pdf(_fetched(meeting))


def _fetched(meeting: Meeting) -> Meeting:
    """The meeting as the view and the command get it (meetings.permissions)."""
    return Meeting.objects.select_related(
        "group__healthcare_region", "chair__region", "note_taker__region", "adjuster__region"
    ).get(pk=meeting.pk)


class TestTheDemoMinutes:
    def test_it_names_everyone_every_item_presenter_the_decision_and_both_dates(
        self, demo_pdf, demo_meeting
    ):
        _reader, text = read(demo_pdf)
        flat = squeeze(text)

        people = demo_meeting.attendances.values_list("person__name", flat=True)
        assert len(people) == 24  # 17 present, 3 absent, 4 invited
        for name in [*people, "Gustav Ekbäck", "Maria Fernkvist"]:
            assert squeeze(name) in flat, name
        for item in demo_meeting.items.order_by("number"):
            assert squeeze(f"{item.number}. {item.title}") in flat, item.title
            for link in item.presenter_links.all():
                assert squeeze(link.person.name) in flat, link.person.name
        assert squeeze(DECISION) in flat
        assert "Digitalt möte 18 september 2025 kl. 8.00–12.00" in text
        assert "Internat 20–21 november 2025" in text

    def test_it_is_laid_out_like_the_seed(self, demo_pdf):
        _reader, text = read(demo_pdf)
        flat = squeeze(text)

        assert text.index(TITLE) < text.index("Närvarande:") < text.index("Frånvarande:")
        assert text.index("Frånvarande:") < text.index("Särskilt kallade:")
        assert text.index("Särskilt kallade:") < text.index("Ordförande: Gustav Ekbäck")
        assert text.index("Anteckningar: Maria Fernkvist") < text.index("1. Förändringar")
        assert squeeze("Region Örebro län: Gustav Ekbäck (ordförande) och Kajsa Bergentz") in flat
        assert squeeze("Henrik Olivier Reinius (På länk)") in flat
        assert squeeze("PNR: Ulla Allard (På länk)") in flat
        assert squeeze("Kenneth Villman (Register för cancerläkemedel)") in flat
        assert squeeze("Föredragande: Lisa Busk Hedström och Helene Nilsson") in flat
        assert squeeze("Sammanfattning av diskussion: För att öka förståelsen") in flat
        assert squeeze(f"Beslut: {DECISION}") in flat
        assert squeeze("Ansvarig: Styrgruppens representanter · Återkoppling: vid nästa möte") in (
            flat
        )
        summary = flat.index(squeeze("Sammanfattning Diskutera cancerstrategin"))
        assert flat.index(squeeze("9. Förändrad organisation RCC/VGR")) < summary
        assert summary < flat.index("Kommandedatum")
        assert "”Till nästa gång vill jag”" in text

    def test_it_is_tagged_with_its_title_headings_links_and_page_numbers(self, demo_pdf):
        document = tagged(demo_pdf)
        pdf = document.pdf

        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "sv"
        assert str(pdf.docinfo.Title) == f"{TITLE} – RCC Mellansverige styrgrupp"
        assert str(pdf.docinfo.Author) == "RCC Mellansverige"
        assert pdf.open_metadata()["pdfuaid:part"] == "1"
        headings = document.headings()
        assert headings[0] == (1, TITLE)
        assert (2, "Närvarande:") in headings and (2, "Kommande datum") in headings
        assert (2, "4. Ny uppdragsbeskrivning för kontaktsjuksköterskor") in headings
        assert (3, "Beslut:") in headings and (3, "Digital cancerrehabilitering") in headings
        levels = [level for level, _text in headings]
        assert all(after <= before + 1 for before, after in itertools.pairwise(levels))
        headers = document.elements("TH")
        assert "Region Örebro län:" in [th.text for th in headers]
        assert all(str(th.attributes["/Scope"]) == "/Row" for th in headers)
        links = document.elements("Link")
        assert len(links) >= 2  # socialstyrelsen.se and cancercentrum.se stay links
        # Every page, the first included, is numbered in its footer (a pagination artifact).
        total = len(pdf.pages)
        assert total >= 3
        for number in range(total):
            assert document.artifacts[number].endswith(f"Sida {number + 1} av {total}")


class TestTheView:
    @pytest.mark.parametrize("who", ["other_coordinator", "mellansverige_reader"])
    def test_it_serves_the_minutes_to_the_rccs_coordinators_and_readers(
        self, client, request, who, demo_meeting
    ):
        client.force_login(request.getfixturevalue(who))

        response = client.get(_pdf_url(demo_meeting))

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "protokoll-mellansverige-2025-06-03.pdf" in response["Content-Disposition"]
        assert TITLE in read(response.content)[1]

    @pytest.mark.parametrize("who", ["reader", "coordinator", "reporter_a", "outsider"])
    def test_it_does_not_exist_for_other_rccs_and_people_without_a_role(
        self, client, request, who, demo_meeting
    ):
        client.force_login(request.getfixturevalue(who))
        assert client.get(_pdf_url(demo_meeting)).status_code == 404

    def test_it_hides_a_planned_meeting_from_readers(
        self, client, mellansverige_reader, planned_meeting
    ):
        client.force_login(mellansverige_reader)
        assert client.get(_pdf_url(planned_meeting)).status_code == 404

    def test_it_answers_a_forged_id_with_404_and_the_anonymous_with_the_login(
        self, client, other_coordinator, demo_meeting
    ):
        response = client.get(_pdf_url(demo_meeting))
        assert response.status_code == 302 and "/logga-in/" in response["Location"]
        client.force_login(other_coordinator)
        assert client.get("/moten/999999999/protokoll.pdf").status_code == 404
        assert client.post(_pdf_url(demo_meeting)).status_code == 405

    def test_it_gives_the_coordinator_a_planned_meetings_agenda(
        self, client, other_coordinator, planned_meeting
    ):
        client.force_login(other_coordinator)

        response = client.get(_pdf_url(planned_meeting))

        _reader, text = read(response.content)
        assert response.status_code == 200
        assert "dagordning-mellansverige-2025-09-18.pdf" in response["Content-Disposition"]
        assert "Dagordning RCC Styrgruppsmöte 18 september 2025" in text
        assert "Protokoll" not in text
        assert "Återkoppling från förra mötet" in text
        assert squeeze(DECISION) in squeeze(text)  # the decision due at this meeting
        assert "Internat 20–21 november 2025" in text

    def test_the_meeting_page_links_the_pdf(
        self, client, other_coordinator, mellansverige_reader, demo_meeting, planned_meeting
    ):
        client.force_login(mellansverige_reader)
        page = client.get(demo_meeting.get_absolute_url()).content.decode()
        assert f'href="{_pdf_url(demo_meeting)}">Ladda ner protokollet (PDF)</a>' in page

        client.force_login(other_coordinator)
        page = client.get(planned_meeting.get_absolute_url()).content.decode()
        assert f'href="{_pdf_url(planned_meeting)}">Ladda ner dagordningen (PDF)</a>' in page


class TestTheHtml:
    @pytest.mark.parametrize("size", [(3, 2), (12, 8)])
    def test_it_is_made_in_a_fixed_number_of_queries(
        self, norr, meeting_builder, django_assert_num_queries, size
    ):
        people, items = size
        meeting = _fetched(meeting_builder(healthcare_region=norr, people=people, items=items))
        meeting_builder(healthcare_region=norr, on=date(2024, 9, 1), state=Meeting.State.PLANNED)

        # attendances with people and regions, items, presenters, decisions, attachments,
        # summary points, later meetings
        with django_assert_num_queries(7):
            html = render_minutes_html(meeting)
        assert html.count('class="minutes-item"') == items
        for name in meeting.attendances.values_list("person__name", flat=True):
            assert name in html

    @pytest.mark.parametrize("items", [1, 6])
    def test_an_agenda_takes_one_query_more_for_the_decisions_due(
        self, norr, meeting_builder, django_assert_num_queries, items
    ):
        meeting_builder(healthcare_region=norr, items=items)  # its decisions are due next
        planned = meeting_builder(
            healthcare_region=norr, on=date(2024, 9, 1), items=items, state=Meeting.State.PLANNED
        )
        planned = _fetched(planned)

        # as the minutes, and the decisions due at this meeting
        with django_assert_num_queries(8):
            html = render_minutes_html(planned)
        assert "Dagordning RCC Styrgruppsmöte 1 september 2024" in html
        assert html.count("Beslutat 1 mars 2024 under punkt") == items

    def test_a_decision_names_the_person_responsible_when_no_text_says_who(
        self, norr, meeting_builder, django_assert_num_queries
    ):
        meeting = _fetched(meeting_builder(healthcare_region=norr, items=2))
        person = Person.objects.create(name="Ansvariga Anna", organisation="RCC")
        Decision.objects.filter(item__meeting=meeting, item__number=1).update(
            responsible_person=person
        )
        Decision.objects.filter(item__meeting=meeting, item__number=2).update(
            responsible="LPO", responsible_person=person
        )

        with django_assert_num_queries(8):  # and the people responsible
            html = render_minutes_html(meeting)
        assert html.count("Ansvarig: Ansvariga Anna") == 1
        assert "Ansvarig: LPO" in html

    def test_it_lists_the_attachments_under_their_items(self, norr, meeting_builder):
        meeting = _fetched(meeting_builder(healthcare_region=norr, items=2))
        item = meeting.items.get(number=2)
        for title, on_item in [("Organisation och finansiering", item), ("Presentation", None)]:
            Attachment.objects.create(
                meeting=meeting, item=on_item, title=title, file="x.pdf", size=1
            )

        html = render_minutes_html(meeting)

        assert "<strong>Bilaga:</strong> Organisation och finansiering" in html
        assert "<h2>Bilagor</h2>" in html and "<li>Presentation</li>" in html

    def test_it_escapes_what_people_wrote(self, demo_meeting):
        text = "<script>alert(1)</script> [x](javascript:alert(1))"
        demo_meeting.items.filter(number=1).update(text=text)

        html = render_minutes_html(_fetched(demo_meeting))

        assert "<script>" not in html and "&lt;script&gt;" in html
        assert 'href="javascript:' not in html


class TestTheCommand:
    def run(self, tmp_path, *args) -> tuple[str, str]:
        out = tmp_path / "protokoll.pdf"
        stdout = io.StringIO()
        call_command("render_report", "minutes", *args, "-o", str(out), stdout=stdout)
        return read(out.read_bytes())[1], stdout.getvalue()

    @pytest.mark.parametrize("rcc", ["mellansverige", "MELLANSVERIGE", "RCC Mellansverige"])
    def test_it_finds_the_meeting_by_the_rccs_code_or_name(self, tmp_path, demo_meeting, rcc):
        text, said = self.run(tmp_path, "--rcc", rcc, "--date", "2025-06-03")

        assert TITLE in text and squeeze(DECISION) in squeeze(text)
        assert said.startswith("Skrev ") and said.strip().endswith("protokoll.pdf")

    def test_it_writes_a_planned_meetings_agenda_and_finds_a_meeting_by_any_of_its_days(
        self, tmp_path, demo_meeting
    ):
        text, said = self.run(
            tmp_path, "--rcc", "Sjukvårdsregion Mellansverige", "--date", "2025-11-21"
        )

        assert "Dagordning RCC Styrgruppsmöte 20 november 2025" in text
        assert "(dagordning: mötet är inte genomfört ännu)" in said

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--rcc", "mitten", "--date", "2025-06-03"], "Det finns inget RCC som heter «mitten»"),
            (["--rcc", "norr", "--date", "2025-06-03"], "RCC Norr har inget möte den 2025-06-03"),
            (["--rcc", "mellansverige", "--date", "3 juni"], "«3 juni» är inget datum"),
            (["--rcc", "mellansverige", "--date", "2025-02-30"], "skriv det som ÅÅÅÅ-MM-DD"),
            (["--date", "2025-06-03"], "--rcc"),
        ],
    )
    def test_it_says_in_swedish_what_it_cannot_find(self, tmp_path, demo_meeting, args, message):
        out = tmp_path / "x.pdf"
        with pytest.raises(CommandError, match=re.escape(message)):
            call_command("render_report", "minutes", *args, "-o", str(out))
        assert not out.exists()

    def test_it_is_one_kind_of_render_report_beside_the_plan_and_the_followup(self, tmp_path):
        names = [kind.name for kind in report_kinds()]
        assert {"followup", "minutes", "plan"} <= set(names) and names == sorted(names)
        with pytest.raises(CommandError, match="--plan"):
            call_command("render_report", "plan", "-o", str(tmp_path / "x.pdf"))
        with pytest.raises(CommandError, match="invalid choice"):
            call_command("render_report", "protokoll", "-o", str(tmp_path / "x.pdf"))
        # Django's own options still follow the report's, as before there were kinds.
        args = ["--rcc", "norr", "--date", "2025-06-03", "-o", str(tmp_path / "x.pdf")]
        with pytest.raises(CommandError, match="RCC Norr har inget möte"):
            call_command("render_report", "minutes", *args, "--traceback", "-v", "0")
