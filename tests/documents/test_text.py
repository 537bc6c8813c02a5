"""documents.text.first_words cuts a text as Django's truncatewords filter does."""

import pytest
from django.template.defaultfilters import truncatewords

from documents.text import first_words

TEXTS = [
    "",
    "ett",
    "ett två tre",
    "ett två tre fyra",
    "  ett\ttvå\n\ntre   fyra  fem  ",
    "ett två …",
    "ett två … fyra fem",
    "ett två tre …",
    "Mål 1.2: <b>fet</b> & 'citat' – ”svenska” citattecken",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("count", [0, 1, 2, 3, 4, 30])
def test_it_cuts_as_truncatewords_does(text, count):
    assert first_words(text, count) == truncatewords(text, count)


def test_it_marks_a_cut_text_and_leaves_a_whole_one():
    assert first_words("ett två tre", 2) == "ett två …"
    assert first_words("ett två", 2) == "ett två"
