from datetime import date

import pytest
from django.contrib.auth import get_user_model

from meetings.models import Meeting
from registry.models import Membership, Region


def give_emails(*users):
    for user in users:
        user.email = f"{user.username}@example.se"
        user.save(update_fields=["email"])


@pytest.fixture
def cast(coordinator, reporter_a, reporter_b, reader, other_coordinator, outsider):
    """Everyone with an address, and a reporter and a reader of RCC Mellansverige besides."""
    User = get_user_model()
    far_reporter = User.objects.create_user(username="gustav", password="pw")
    region = Region.objects.filter(
        healthcare_region=other_coordinator.memberships.get().healthcare_region
    ).first()
    Membership.objects.create(user=far_reporter, role=Membership.Role.REPORTER, region=region)
    far_reader = User.objects.create_user(username="hanna", password="pw")
    Membership.objects.create(
        user=far_reader,
        role=Membership.Role.READER,
        healthcare_region=other_coordinator.memberships.get().healthcare_region,
    )
    users = [coordinator, reporter_a, reporter_b, reader, other_coordinator, outsider]
    give_emails(*users, far_reporter, far_reader)
    return users


def recipients(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


@pytest.fixture
def demo_meeting(mellansverige) -> Meeting:
    """The demo steering group's meeting of 3 June 2025 (held), before the one of 18 September."""
    return Meeting.objects.get(group__healthcare_region=mellansverige, date=date(2025, 6, 3))
