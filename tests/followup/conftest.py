import pytest

from followup.models import FollowUpRound
from tests.conftest import NORR


@pytest.fixture
def norr_2023(db):
    """RCC Norr's published 2023 round, transcribed from the seed (the demo data)."""
    return FollowUpRound.objects.get(plan__slug=NORR, year=2023)
