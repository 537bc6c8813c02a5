import io

import pytest
from django.core.management import call_command

from followup.models import FollowUpRound

NORR = "norr-cancerplan-2022-2024"


@pytest.fixture
def norr_2023(db):
    """RCC Norr's published 2023 round, transcribed from the seed (and the open 2024 round)."""
    call_command("load_demo", "--no-users", stdout=io.StringIO())
    return FollowUpRound.objects.get(plan__slug=NORR, year=2023)
