"""The Jinja2 environment of the few templates that repeat markup per goal or per cell.

The Django template language resolves every variable through a chain of lookups and every tag
as a node; on a form of 43 goals or a matrix of 300 goals × 21 regions that is most of a page's
time. Those loops are written as Jinja2 templates (`*.jinja` beside the others in templates/),
which compile to Python, and included in the page's Django template with `{% jinja %}`
(documents.templatetags.jinja). Everything else stays in the Django template language.

The filters and globals are the Django ones the templates need, so that a value prints the same
in both: dates in Swedish, texts cut as Django's truncatewords cuts them (documents.text), line
breaks as Django's linebreaksbr writes them. Jinja2 escapes with markupsafe, which knows
Django's safe strings (and Django knows its Markup): a value escaped once in either is not
escaped again in the other.
"""

from django.template import defaultfilters
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from jinja2 import Environment
from markupsafe import Markup, escape

from agreements.templatetags.plan_links import activity_initiatives
from documents.pdf import PART_BREAK
from documents.text import first_words
from followup.templatetags.followup_tags import level_badge, level_radios
from plans.templatetags.plan_areas import area_name


def django_template(template_name: str, **context) -> str:
    """A Django template's partial, for what a loop shows only now and then."""
    return mark_safe(render_to_string(template_name, context))


def linebreaks(value) -> str:
    return defaultfilters.linebreaks_filter(value, autoescape=True)


def linebreaksbr(value) -> Markup:
    """Django's linebreaksbr, with markupsafe's escaping, as Jinja2 escapes everything else."""
    text = str(escape(value)).replace("\r\n", "\n").replace("\r", "\n")
    return Markup(text.replace("\n", "<br>"))


def environment(**options) -> Environment:
    env = Environment(**options)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.globals.update(
        django_template=django_template,
        part_break=Markup(PART_BREAK),
        activity_initiatives=activity_initiatives,
        area_name=area_name,
        level_radios=level_radios,
    )
    env.filters.update(
        capfirst=defaultfilters.capfirst,
        date=defaultfilters.date,
        linebreaks=linebreaks,
        linebreaksbr=linebreaksbr,
        truncatewords=first_words,
        level_badge=level_badge,
    )
    return env
