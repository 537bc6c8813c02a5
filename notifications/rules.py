"""Which notifications concern a person, and which their role does not let them turn off."""

from django.utils.translation import gettext_lazy as _

from registry.models import Person
from registry.roles import roles_of

from .models import Kind

# A reporter must hear that a round opens and that its deadline nears: the follow-up depends
# on it. Only reporters get these two, so the kind alone decides.
REQUIRED = {
    Kind.ROUND_OPENED: _("Rapportörer får alltid veta när en omgång öppnar."),
    Kind.DEADLINE: _("Rapportörer får alltid påminnelser om sista dag."),
}

REPORTER_KINDS = (Kind.ROUND_OPENED, Kind.DEADLINE, Kind.REPORT_RETURNED, Kind.ROUND_PUBLISHED)
COORDINATOR_KINDS = (Kind.REPORT_SUBMITTED, Kind.DECISION_DUE)
READER_KINDS = (Kind.ROUND_PUBLISHED, Kind.AGENDA_SENT, Kind.DECISION_DUE)
# Someone whose account is linked to a Person (Person.user, once registry has it) may be a
# steering-group member or responsible for a decision.
PERSON_KINDS = (Kind.AGENDA_SENT, Kind.DECISION_DUE)


def people_have_accounts() -> bool:
    """Whether registry links a Person to a user account (Person.user) yet."""
    return any(field.name == "user" for field in Person._meta.get_fields())


def kinds_for(user, *, is_person: bool = False) -> list[Kind]:
    """The kinds that may reach the user through their roles, in the order of Kind."""
    roles = roles_of(user)
    kinds = set()
    if roles.reported:
        kinds.update(REPORTER_KINDS)
    if roles.coordinated:
        kinds.update(COORDINATOR_KINDS)
    if roles.read:
        kinds.update(READER_KINDS)
    if is_person:
        kinds.update(PERSON_KINDS)
    return [kind for kind in Kind if kind in kinds]


def is_required(kind: str) -> bool:
    return kind in REQUIRED
