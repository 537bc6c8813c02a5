"""`{% jinja "name.jinja" key=value %}`: a Jinja2 template inside a Django one
(cancerplan/jinja2.py), with the Django template's context and the given values."""

from django import template
from django.template import engines
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def jinja(context, template_name: str, **values):
    jinja_template = engines["jinja2"].env.get_template(template_name)
    return mark_safe(jinja_template.render({**context.flatten(), **values}))
