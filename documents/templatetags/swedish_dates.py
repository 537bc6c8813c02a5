"""Dates as Swedish text: "1 dec. 2026", "1 dec. 2026 10:42".

Django's "M" format capitalises the month ("1 Dec 2026") and its Swedish abbreviations carry no
full stop; Swedish writes abbreviated months in lower case with one (Språkrådet): jan., feb.,
mars, apr., maj, juni, juli, aug., sep., okt., nov., dec.
"""

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()

MONTHS = [
    "jan.",
    "feb.",
    "mars",
    "apr.",
    "maj",
    "juni",
    "juli",
    "aug.",
    "sep.",
    "okt.",
    "nov.",
    "dec.",
]


def _local(value: date | datetime) -> date | datetime:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def short_date(value: date | datetime | None) -> str:
    if not value:
        return ""
    value = _local(value)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


@register.filter
def short_datetime(value: datetime | None) -> str:
    if not value:
        return ""
    value = _local(value)
    return f"{short_date(value)} {value:%H:%M}"


@register.filter
def short_time(value: datetime | None) -> str:
    return f"{_local(value):%H:%M}" if value else ""
