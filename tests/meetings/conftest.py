from datetime import date

import pytest

from meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    Presenter,
    SteeringGroup,
    SummaryPoint,
)
from registry.models import HealthcareRegion, Membership, Person, Region
from tests.conftest import _user


def build_meeting(
    *,
    healthcare_region: HealthcareRegion,
    on: date = date(2024, 3, 1),
    people: int = 3,
    items: int = 2,
    state: str = Meeting.State.HELD,
) -> Meeting:
    """A meeting of the healthcare region's steering group with people from its regions, each
    item with a presenter, a decision and a summary point."""
    group, _ = SteeringGroup.objects.get_or_create(
        healthcare_region=healthcare_region, name=f"Styrgrupp {healthcare_region.code}"
    )
    meeting = Meeting.objects.create(group=group, date=on, kind=Meeting.Kind.DIGITAL, state=state)
    regions = list(Region.objects.filter(healthcare_region=healthcare_region))
    for n in range(people):
        person = Person.objects.create(
            name=f"Person {on:%Y%m%d}-{n}", region=regions[n % len(regions)]
        )
        Attendance.objects.create(
            meeting=meeting,
            person=person,
            status=[Attendance.Status.PRESENT, Attendance.Status.REMOTE, Attendance.Status.ABSENT][
                n % 3
            ],
            order=n,
        )
    presenter = Person.objects.create(name=f"Föredragande {on:%Y%m%d}", organisation="RCC")
    for n in range(1, items + 1):
        item = AgendaItem.objects.create(
            meeting=meeting, number=n, title=f"Punkt {n}", text=f"Text till punkt {n}."
        )
        Presenter.objects.create(item=item, person=presenter)
        Decision.objects.create(item=item, text=f"Beslut {n}", due_next_meeting=True)
        SummaryPoint.objects.create(meeting=meeting, order=n, text=f"Sammanfattning {n}")
    return meeting


@pytest.fixture
def meeting_builder():
    return build_meeting


@pytest.fixture
def demo_meeting(mellansverige) -> Meeting:
    return Meeting.objects.get(group__healthcare_region=mellansverige, date=date(2025, 6, 3))


@pytest.fixture
def planned_meeting(demo_meeting) -> Meeting:
    """The demo group's coming digital meeting of 18 September 2025."""
    return Meeting.objects.get(group=demo_meeting.group, date=date(2025, 9, 18))


@pytest.fixture
def mellansverige_reader(mellansverige):
    """A member of RCC Mellansverige's steering group."""
    return _user("gunnar", Membership.Role.READER, healthcare_region=mellansverige)
