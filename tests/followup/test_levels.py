import pytest

from followup.levels import ALL_LEVELS, Level


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("U", "U"),
        ("p", "P"),
        (" E ", "E"),
        ("", ""),
        ("P/U", "P/U"),
        ("u / e", "U/E"),
        ("P?", "P?"),
        ("Uppnått", "U"),
        ("Pågående arbete", "P"),
        ("ej påbörjat", "E"),
        ("Pågående/Uppnått", "P/U"),
    ],
)
def test_it_reads_levels_as_regions_write_them(text, written):
    assert str(Level.parse(text)) == written
    assert str(Level.parse(text)) in ALL_LEVELS


@pytest.mark.parametrize("text", ["X", "?", "U/X", "U/P/E/U", "Klart", "UP"])
def test_it_refuses_what_is_not_a_level(text):
    with pytest.raises(ValueError):
        Level.parse(text)


@pytest.mark.parametrize(
    ("text", "achieved"),
    [("U", True), ("U/U", True), ("U?", False), ("P/U", False), ("U/E", False), ("", False)],
)
def test_a_goal_is_achieved_only_when_every_part_is_u_and_sure(text, achieved):
    assert Level.parse(text).is_achieved is achieved


def test_it_describes_levels_in_words():
    assert Level.parse("U/E").label == "Uppnått mål / Ej påbörjat arbete"
    assert Level.parse("P?").label == "Pågående arbete (osäker)"
    assert Level.parse("").label == "ingen bedömning"


def test_progress_orders_levels():
    assert Level.parse("E").progress < Level.parse("P/E").progress < Level.parse("P").progress
    assert Level.parse("P").progress < Level.parse("P/U").progress < Level.parse("U").progress
    assert Level.parse("").progress is None
