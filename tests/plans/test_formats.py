import pytest

from plans.formats import bodies_named_in, parse_timeframe
from registry.models import Body


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2025", (2025, 2025)),
        ("2022–24", (2022, 2024)),
        ("2022-2024", (2022, 2024)),
        ("2024 - 2025", (2024, 2025)),
        ("Q2 2025", (2025, 2025)),
        ("Ansökan senast 30/4 2024, slutrapport 31/1 2025.", (2024, 2025)),
        ("Löpande", (None, None)),
        ("Löpande under året", (None, None)),
        ("", (None, None)),
        ("12345", (None, None)),
    ],
)
def test_it_parses_timeframes(text, years):
    assert parse_timeframe(text) == years


def test_it_finds_bodies_by_abbreviation_as_a_word_or_by_name():
    vpk = Body(abbreviation="VPK", name="vårdprocesskoordinator")
    pl = Body(abbreviation="PL", name="processledare")
    sg = Body(abbreviation="SG", name="RCC styrgrupp")
    bodies = [vpk, pl, sg]

    assert bodies_named_in("VPK, PL", bodies) == [vpk, pl]
    assert bodies_named_in("-Ordförande/VPK i samarbete", bodies) == [vpk]
    assert bodies_named_in("Sjukvårdsregionala processledare", bodies) == [pl]
    assert bodies_named_in("PLATS och VPKX", bodies) == []
    assert bodies_named_in("LG SG, Kunskapsstyrningen", bodies) == [sg]
