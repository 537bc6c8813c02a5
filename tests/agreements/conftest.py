"""Small agreements of a chosen size, and links from plan activities to their initiatives.

The demo data (loaded for the session) holds the 2024 and 2025 agreements; these are made for
years of their own (2040 on), so that a test sees only what it built.
"""

import pytest
from django.contrib.auth import get_user_model

from agreements.models import ActivityLink, Agreement, Appendix, Area, Initiative
from plans.models import Activity

TEXT = "Arbetet har fortsatt under året.\n\n- Första punkten\n- Andra punkten"


def build_agreement(
    *,
    year: int = 2040,
    areas: int = 2,
    initiatives_per_area: int = 2,
    children: int = 1,
    appendices: int = 2,
    state: str = Agreement.State.SIGNED,
) -> Agreement:
    """An agreement with areas "1", "2" …, each with initiatives "1.1", "1.2" … and under each
    of those sub-initiatives "1.1.1" …; every initiative's text names its ref."""
    agreement = Agreement.objects.create(
        year=year,
        title=f"Överenskommelse för {year}",
        parties="staten och SKR",
        amount_kronor=809_000_000,
        introduction="Överenskommelsen omfattar **fyra** områden.",
        state=state,
    )
    order = 0
    for a in range(1, areas + 1):
        area = Area.objects.create(agreement=agreement, ref=str(a), order=a, title=f"Område {a}")
        for i in range(1, initiatives_per_area + 1):
            order += 1
            parent = Initiative.objects.create(
                agreement=agreement,
                area=area,
                ref=f"{a}.{i}",
                order=order,
                title=f"Insats {a}.{i}",
                text=f"Nationell text för {a}.{i}.\n\n{TEXT}",
            )
            for c in range(1, children + 1):
                order += 1
                Initiative.objects.create(
                    agreement=agreement,
                    area=area,
                    parent=parent,
                    ref=f"{a}.{i}.{c}",
                    order=order,
                    title=f"Delinsats {a}.{i}.{c}",
                    text=f"Nationell text för {a}.{i}.{c}.",
                )
    for n in range(1, appendices + 1):
        Appendix.objects.create(agreement=agreement, order=n, title=f"Bilaga {n}")
    return agreement


@pytest.fixture
def agreement_builder(db):
    return build_agreement


@pytest.fixture
def agreement(db) -> Agreement:
    return build_agreement()


def link(initiative: Initiative, *activities: Activity) -> None:
    for activity in activities:
        ActivityLink.objects.create(initiative=initiative, activity=activity)


def initiative(agreement: Agreement, ref: str) -> Initiative:
    return Initiative.objects.get(agreement=agreement, ref=ref)


def activities_of(plan) -> list[Activity]:
    return list(
        Activity.objects.filter(goal__area__plan=plan).order_by(
            "goal__area__order", "goal__order", "order"
        )
    )


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(username="root", password="pw")
