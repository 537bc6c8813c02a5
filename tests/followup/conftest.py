import pytest

from followup.models import FollowUpRound
from tests.conftest import NORR


@pytest.fixture
def norr_2023(db):
    """RCC Norr's published 2023 round, transcribed from the seed (the demo data)."""
    return FollowUpRound.objects.get(plan__slug=NORR, year=2023)


@pytest.fixture
def open_round(norr_2023):
    """RCC Norr's open 2024 round holding the 2023 levels and comments, its reports drafts."""
    from .sheets import fill

    return fill(FollowUpRound.objects.get(plan__slug=NORR, year=2024), norr_2023)
