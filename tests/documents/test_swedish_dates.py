from datetime import UTC, date, datetime

import pytest
from django.template import engines

from documents.templatetags.swedish_dates import short_date, short_datetime


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 12, 1), "1 dec. 2026"),
        (date(2026, 3, 15), "15 mars 2026"),
        (date(2026, 5, 2), "2 maj 2026"),
        (date(2026, 9, 30), "30 sep. 2026"),
    ],
)
def test_short_dates_read_in_swedish(day, text):
    assert short_date(day) == text


def test_a_moment_is_shown_in_swedish_time():
    # 09:42 UTC is 10:42 in Stockholm in winter
    assert short_datetime(datetime(2026, 12, 1, 9, 42, tzinfo=UTC)) == "1 dec. 2026 10:42"


def test_nothing_gives_nothing_in_a_template():
    template = engines["django"].from_string("{% load swedish_dates %}[{{ none|short_date }}]")

    assert template.render({"none": None}) == "[]"
