import uuid

import pytest

from documents.markdown import KEPT_TEXT_MAX, TOP_LEVEL, _parser, render_markdown


def test_paragraphs_lists_subheadings_and_tables():
    html = render_markdown(
        "# Förutsättningar\n\nFörsta stycket.\n\n- ett\n- två\n\n"
        "| Fråga | Ja |\n| --- | --- |\n| A | X |"
    )

    assert "<h3>Förutsättningar</h3>" in html
    assert "<p>Första stycket.</p>" in html
    assert "<ul>\n<li>ett</li>\n<li>två</li>\n</ul>" in html
    assert '<th scope="col">Fråga</th>' in html and "<td>X</td>" in html


def test_headings_are_never_above_the_level_asked_for():
    assert "<h2>A</h2>" in render_markdown("# A", top=2)
    assert "<h3>B</h3>" in render_markdown("### B")
    assert "<h4>C</h4>" in render_markdown("#### C")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('<img src=x onerror="alert(1)">', "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"),
        ("<b>fet</b>", "&lt;b&gt;fet&lt;/b&gt;"),
    ],
)
def test_raw_html_is_shown_as_text(text, shown):
    html = render_markdown(text)

    assert shown in html
    assert "<script" not in html and "<img" not in html and "<b>" not in html


def test_links_are_made_only_to_safe_places():
    html = render_markdown("[bra](https://cancercentrum.se) [dålig](javascript:alert(1))")

    assert '<a href="https://cancercentrum.se">bra</a>' in html
    assert "javascript:" not in html.replace("[dålig](javascript:alert(1))", "")
    assert 'href="javascript' not in html


def test_nothing_gives_nothing():
    assert render_markdown("") == ""


def test_a_text_shown_again_is_not_parsed_again_and_a_changed_one_is(monkeypatch):
    """Up to KEPT_TEXT_MAX characters; a longer text is parsed each time."""
    parser = _parser(TOP_LEVEL)
    parsed = []
    render = parser.render
    monkeypatch.setattr(parser, "render", lambda text: parsed.append(text) or render(text))
    text = f"### Rubrik {uuid.uuid4()}\n\nText"  # not rendered by any test before

    first, again = render_markdown(text), render_markdown(text)
    changed = render_markdown(text + " ändrad")

    assert first == again and first.startswith("<h3>")
    assert "<p>Text ändrad</p>" in changed
    assert parsed == [text, text + " ändrad"]
    assert render_markdown(text, top=2).startswith("<h2>")  # another level, its own HTML
    long = "y" * (KEPT_TEXT_MAX + 1)
    parsed.clear()
    render_markdown(long), render_markdown(long)
    assert parsed == [long, long]  # not kept: it would hold too much memory
