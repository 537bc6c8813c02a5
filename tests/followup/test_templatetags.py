import pytest
from django import forms
from django.utils import translation

from followup.templatetags import followup_tags
from followup.templatetags.followup_tags import level_badge, level_radios

CHOICES = [("", "–"), ("U", "U"), ("P", "P"), ("E", "E")]


class LevelForm(forms.Form):
    level = forms.ChoiceField(choices=CHOICES, required=False, label="Nivå")


@pytest.fixture(autouse=True)
def badges_made_anew():
    """The badges are kept per process; a test's own (or its fake language's) must not stay."""
    followup_tags._badge.cache_clear()
    yield
    followup_tags._badge.cache_clear()


class TestLevelBadge:
    def test_a_badge_shows_the_letters_and_says_the_words(self):
        badge = level_badge("P/U?")

        assert 'class="level level--mixed"' in badge
        assert '<span aria-hidden="true">P/U?</span>' in badge
        assert "Pågående arbete / Uppnått mål (osäker)" in badge

    def test_a_blank_level_is_a_dash(self):
        assert '<span aria-hidden="true">–</span>' in level_badge(None)

    def test_the_words_follow_the_language(self, monkeypatch):
        swedish = level_badge("U")
        monkeypatch.setitem(
            translation.trans_real._translations, "en", _English({"Uppnått mål": "Achieved"})
        )
        with translation.override("en"):
            english = level_badge("U")

        assert "Uppnått mål" in swedish and "Achieved" in english
        assert level_badge("U") == swedish


class TestLevelRadios:
    def test_a_button_per_choice_with_the_value_checked(self):
        html = level_radios(LevelForm({"level": "P"})["level"], "mal-7-error")

        assert html.count('type="radio"') == 4
        assert (
            '<label class="level-option level-option--p" for="id_level_2">'
            '<input type="radio" name="level" value="P" id="id_level_2" checked> <span>P</span>'
            "</label>"
        ) in html
        assert html.count(" checked") == 1
        assert "aria-invalid" not in html

    def test_the_blank_choice_has_a_class_of_its_own(self):
        html = level_radios(LevelForm()["level"], "mal-7-error")

        assert 'class="level-option level-option--blank" for="id_level_0"' in html
        assert " checked" in html.split("</label>")[0]  # no value: the blank one

    def test_an_invalid_field_points_at_its_message(self):
        html = level_radios(LevelForm({"level": "X"})["level"], "mal-7-error")

        assert html.count('aria-invalid="true" aria-describedby="mal-7-error"') == 4

    def test_labels_and_ids_are_escaped(self):
        class Odd(forms.Form):
            level = forms.ChoiceField(choices=[("U", "<b>U</b>")], required=False)

        html = level_radios(Odd(prefix='x"y')["level"], '"><script>')

        assert "<b>" not in html and "&lt;b&gt;U&lt;/b&gt;" in html
        assert 'name="x&#34;y-level"' in html
        assert "<script>" not in html


class _English:
    """A catalogue of one text, standing in for an English translation."""

    def __init__(self, texts):
        self.texts = texts

    def gettext(self, message):
        return self.texts.get(message, message)

    def to_language(self):
        return "en"

    def ngettext(self, singular, plural, number):
        return singular if number == 1 else plural

    def pgettext(self, context, message):
        return message
