"""The Jinja2 templates' environment (cancerplan/jinja2.py) and {% jinja %}
(documents/templatetags/jinja.py): they print what the Django templates would."""

import pytest
from django.template import Context, Template, engines
from django.template.defaultfilters import linebreaksbr as django_linebreaksbr
from django.urls import reverse
from django.utils.safestring import mark_safe
from jinja2 import UndefinedError

from plans.models import Activity, Goal


def render(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


@pytest.mark.parametrize(
    "text",
    ["en rad", "två\nrader", "windows\r\nrader", "gammal\rmac", "<b>fet</b> & \"citat\"\n'ny'"],
)
def test_line_breaks_are_written_as_django_writes_them(text):
    mine = render("{{ text|linebreaksbr }}", text=text)

    # The same markup, escaped by markupsafe rather than Django (&#34; for &quot;, &#39; for
    # &#x27;), which browsers read alike.
    django = str(django_linebreaksbr(text))
    assert mine == django.replace("&quot;", "&#34;").replace("&#x27;", "&#39;")


def test_texts_are_escaped_and_safe_strings_are_not_escaped_again():
    assert render("{{ text }}", text="<script>x</script>") == "&lt;script&gt;x&lt;/script&gt;"
    assert render("{{ text }}", text=mark_safe("<b>fet</b>")) == "<b>fet</b>"
    assert render("{{ _('Mål %(n)s', n=text) }}", text="<i>") == "Mål &lt;i&gt;"


def test_a_missing_name_is_an_error_in_the_tests():
    with pytest.raises(UndefinedError):
        render("{{ goal.misspelt }}", goal=object())


def test_the_tag_passes_the_django_context_and_its_values(tmp_path):
    (tmp_path / "probe.jinja").write_text("{{ title }} / {{ extra }}")
    engines["jinja2"].env.loader.searchpath.append(str(tmp_path))
    try:
        template = Template('{% load jinja %}{% jinja "probe.jinja" extra=tag %}')
        html = template.render(Context({"title": "Plan & mål", "tag": "<b>"}))
    finally:
        engines["jinja2"].env.loader.searchpath.remove(str(tmp_path))

    assert html == "Plan &amp; mål / &lt;b&gt;"


@pytest.mark.django_db
def test_a_plan_pages_texts_are_escaped_in_its_jinja2_areas(client, reader, norr, plan_builder):
    plan = plan_builder(slug="escaped", owner=norr)
    goal = Goal.objects.filter(area__plan=plan).order_by("area__order", "order").first()
    goal.text = '<script>alert("mål")</script>'
    goal.save()
    Activity.objects.filter(goal=goal).update(how="<img src=x onerror=alert(1)>\nrad två")
    client.force_login(reader)

    content = client.get(reverse("plans:plan-detail", args=[plan.slug])).content.decode()

    assert "<script>alert" not in content and "<img src=x" not in content
    assert "&lt;script&gt;alert(&#34;mål&#34;)&lt;/script&gt;" in content
    assert "&lt;img src=x onerror=alert(1)&gt;<br>rad två" in content
