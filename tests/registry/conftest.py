"""The people pages' cast beside tests/conftest.py's: a planner, a superuser, and a reporter of
a Mellansverige region (someone a Norr coordinator must not touch)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from registry.models import Invitation, Membership, Person, Region, RoleChange


def make_user(username: str, role: str | None = None, **scope):
    user = get_user_model().objects.create_user(
        username=username,
        password="pw",
        email=f"{username}@example.se",
        first_name=username.capitalize(),
        last_name="Testsson",
    )
    if role:
        Membership.objects.create(user=user, role=role, **scope)
    return user


@pytest.fixture
def planner(registry):
    return make_user("gina", Membership.Role.PLANNER, region=Region.objects.get(code="RV"))


@pytest.fixture
def superuser(registry):
    return get_user_model().objects.create_superuser("root", "root@example.se", "pw")


@pytest.fixture
def uppsala_reporter(registry):
    return make_user("harald", Membership.Role.REPORTER, region=Region.objects.get(code="RUP"))


def snapshot() -> tuple:
    """What a refused request must leave as it was."""
    User = get_user_model()
    return (
        Membership.objects.count(),
        Membership.history.count(),
        RoleChange.objects.count(),
        sorted(Invitation.objects.values_list("pk", "token_hash", "used_at")),
        User.objects.count(),
        User.objects.filter(is_active=False).count(),
        Person.objects.filter(user__isnull=False).count(),
        len(mail.outbox),
    )
