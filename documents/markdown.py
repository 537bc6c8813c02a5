"""The texts people write in the browser (a plan's chapters, minutes): a small Markdown subset.

Paragraphs, bullet and numbered lists, subheadings, links, emphasis and simple tables, rendered
by markdown-it-py (CommonMark) with raw HTML off: whatever a person types, including <script>,
is shown as text, and links to javascript: and the like are not made.
"""

from functools import cache, lru_cache

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# A text's own headings sit below the page's: "#" to "###" are all subheadings of the text
# (<h{top}>), "####" one level below them, and so on. A chapter is an <h2> on its page, so its
# subheadings are <h3>; in the PDF, where the chapter is an <h1>, they are <h2>.
TOP_LEVEL = 3
SUBHEADING = 3  # the level people write for a subheading: "###"


@cache
def _parser(top: int) -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False}).enable("table").disable("image")

    def heading(renderer, tokens, index, options, env):
        token = tokens[index]
        written = int(token.tag[1])
        token.tag = f"h{min(top + max(written - SUBHEADING, 0), 6)}"
        return renderer.renderToken(tokens, index, options, env)

    def header_cell(renderer, tokens, index, options, env):
        tokens[index].attrSet("scope", "col")
        return renderer.renderToken(tokens, index, options, env)

    parser.add_render_rule("heading_open", heading)
    parser.add_render_rule("heading_close", heading)
    parser.add_render_rule("th_open", header_cell)
    return parser


def render_markdown(text: str, *, top: int = TOP_LEVEL) -> SafeString:
    """The text as HTML, its headings no higher than <h{top}>."""
    text = text or ""
    if len(text) > KEPT_TEXT_MAX:
        return _render(text, top)
    return _kept(text, top)


def _render(text: str, top: int) -> SafeString:
    # markdown-it escapes every character of the input it does not turn into markup itself.
    return mark_safe(_parser(top).render(text))


# The HTML depends on nothing but the text and the level, and a page shows the same texts on
# every view (a plan's chapters cost the Mellansverige plan page some 6 ms a view to parse):
# each worker keeps the HTML of the last 128 texts it showed, keyed by the text itself, so a
# text that changes is simply parsed anew. Texts up to 10,000 characters (the seeds' longest is
# about 6,000): some 6 MB at most.
KEPT_TEXT_MAX = 10_000
_kept = lru_cache(maxsize=128)(_render)
