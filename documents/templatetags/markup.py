from django import template

from documents.markdown import TOP_LEVEL, render_markdown

register = template.Library()


@register.filter
def markdown(text: str, top: int = TOP_LEVEL):
    """{{ chapter.text|markdown }}: the Markdown subset as HTML (raw HTML shown as text)."""
    return render_markdown(text, top=int(top))
