"""Every URL of meetings/urls.py × every role: the status of a GET and, where the view writes,
of a POST, and that a refused POST writes nothing. Held: the demo meeting of 3 June 2025
(minutes approved); planned: the group's meeting of 18 September 2025.

A new URL without a row here fails test_it_has_a_row_for_every_url.
"""

from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings import urls as meeting_urls
from meetings.attachments import file_name
from meetings.models import (
    AgendaItem,
    AgendaProposal,
    Attendance,
    Decision,
    Meeting,
    SteeringGroup,
)
from meetings.services.attachments import attachment_upload
from registry.models import Membership, Person

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "outsider",
    "reporter",
    "norr_coordinator",
    "norr_reader",
    "ms_reader",
    "ms_coordinator",
    "superuser",
]
NOBODY = {"outsider", "reporter", "norr_coordinator", "norr_reader"}  # nothing of Mellansverige
COORDINATORS = {"ms_coordinator", "superuser"}
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _expect(ok: int, *, allowed=COORDINATORS, refused: int = 404) -> dict[str, int]:
    """ok for the allowed roles, `refused` for the others, the login page for the anonymous."""
    return {
        role: 302 if role == "anonymous" else ok if role in allowed else refused for role in ROLES
    }


def coordinators(ok: int = 200) -> dict[str, int]:
    return _expect(ok)


def readers(ok: int = 200) -> dict[str, int]:
    return _expect(ok, allowed=COORDINATORS | {"ms_reader"})


def post_only() -> dict[str, int]:
    """A GET of a POST-only URL: refused before anything is looked up."""
    return _expect(405, allowed=set(ROLES))


HELD_READ = {"held": readers(), "planned": coordinators()}  # planned: coordinators only


class Row:
    def __init__(self, args, get, post=None, data=None):
        self.args, self.get, self.post, self.data = args, get, post, data or {}

    def expected(self, method: str, which: str) -> dict[str, int] | None:
        rule = self.get if method == "get" else self.post
        if isinstance(rule, dict) and set(rule) == {"held", "planned"}:
            return rule[which]
        return rule


def _meeting(c, w):
    return [c[w].pk]


def _group(c, w):
    return [c["group"].pk]


ROWS = {
    "meeting-list": Row(
        lambda c, w: [],
        _expect(200, allowed=COORDINATORS | {"ms_reader", "norr_coordinator", "norr_reader"}),
    ),
    "meeting-detail": Row(_meeting, HELD_READ),
    "meeting-calendar": Row(_meeting, HELD_READ),
    "meeting-minutes-pdf": Row(_meeting, HELD_READ),
    "group-calendar": Row(_group, readers()),
    "group-presence": Row(_group, readers()),
    "meeting-create": Row(
        _group,
        coordinators(),
        coordinators(302),
        {"date": "2026-01-20", "kind": "digital", "starts_at": "09:00", "ends_at": "10:00"},
    ),  # fmt: skip
    "meeting-edit": Row(_meeting, coordinators(), coordinators(400), {"date": "x"}),
    "meeting-agenda": Row(_meeting, coordinators()),
    "meeting-state": Row(_meeting, post_only(), coordinators(302), {"state": "held"}),
    "summary-edit": Row(_meeting, post_only(), coordinators(302), {"points": "Ny punkt"}),
    "item-create": Row(
        _meeting, coordinators(), coordinators(302), {"title": "Ny punkt", "kind": "information"}
    ),
    "item-edit": Row(
        lambda c, w: [c[w].pk, c[f"{w}_item"].pk], coordinators(), coordinators(400), {}
    ),
    "item-move": Row(
        lambda c, w: [c[w].pk, c[f"{w}_item"].pk],
        post_only(),
        coordinators(302),
        {"direction": "down"},
    ),  # fmt: skip
    "item-delete": Row(
        lambda c, w: [c[w].pk, c[f"{w}_item"].pk], coordinators(), coordinators(302)
    ),
    "decision-create": Row(
        lambda c, w: [c[w].pk, c[f"{w}_item"].pk],
        coordinators(),
        coordinators(302),
        {"text": "Nytt beslut", "due": "none"},
    ),  # fmt: skip
    "decision-edit": Row(
        lambda c, w: [c[w].pk, c[f"{w}_decision"].pk], coordinators(), coordinators(400), {}
    ),
    "decision-delete": Row(
        lambda c, w: [c[w].pk, c[f"{w}_decision"].pk], post_only(), coordinators(302)
    ),
    "meeting-attendance": Row(
        _meeting,
        coordinators(),
        coordinators(302),
        {"person": "PERSON", "status": "absent"},
    ),  # fmt: skip
    "invited-add": Row(
        _meeting,
        post_only(),
        coordinators(302),
        {"name": "Ny Gäst", "organisation": "Örebro universitet", "topic": "Punkt 2"},
    ),  # fmt: skip
    "invited-remove": Row(
        lambda c, w: [c[w].pk, c[f"{w}_invited"].pk], post_only(), coordinators(302)
    ),
    "meeting-attachments": Row(_meeting, coordinators(), coordinators(400), {}),
    "attachment-delete": Row(
        lambda c, w: [c[w].pk, c[f"{w}_attachment"].pk], coordinators(), coordinators(302)
    ),
    "attachment-download": Row(
        lambda c, w: [c[w].pk, c[f"{w}_attachment"].pk, file_name(c[f"{w}_attachment"])],
        HELD_READ,
    ),
    "meeting-history": Row(_meeting, coordinators()),
    # Readers propose items for any meeting of their group; the page shows them only their own.
    "meeting-proposals": Row(
        _meeting,
        readers(),
        {"held": readers(400), "planned": readers(302)},
        {"title": "Ett förslag", "kind": "discussion"},
    ),  # fmt: skip
    "proposal-accept": Row(
        lambda c, w: [c["planned"].pk, c["proposal"].pk], post_only(), coordinators(302)
    ),
    "proposal-decline": Row(
        lambda c, w: [c["planned"].pk, c["proposal"].pk],
        coordinators(),
        coordinators(302),
        {"reason": "Tas upp i höst"},
    ),  # fmt: skip
    "proposal-withdraw": Row(
        lambda c, w: [c["planned"].pk, c["proposal"].pk],
        post_only(),
        _expect(302, allowed={"ms_reader"}),  # the proposer's own only
    ),  # fmt: skip
    "group-decisions": Row(_group, readers()),
    "decision-done": Row(
        lambda c, w: [c[f"{w}_decision"].pk],
        coordinators(),
        coordinators(302),
        {"done_on": "2026-01-20", "note": "Återrapporterat"},
    ),  # fmt: skip
    "decision-reopen": Row(lambda c, w: [c[f"{w}_decision"].pk], post_only(), coordinators(302)),
    # The subscription: its address is the key, with or without a login.
    "group-feed": Row(lambda c, w: [c["group"].feed_token], {r: 200 for r in ROLES}),
    "group-feed-rotate": Row(_group, post_only(), coordinators(302)),
}


def test_it_has_a_row_for_every_url():
    names = {pattern.name for pattern in meeting_urls.urlpatterns}
    assert names == set(ROWS)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def users(coordinator, reader, reporter_a, outsider, other_coordinator, mellansverige):
    ms_reader = get_user_model().objects.create_user(username="gunnar", password="pw")
    Membership.objects.create(
        user=ms_reader, role=Membership.Role.READER, healthcare_region=mellansverige
    )
    return {
        "anonymous": None,
        "outsider": outsider,
        "reporter": reporter_a,
        "norr_coordinator": coordinator,
        "norr_reader": reader,
        "ms_reader": ms_reader,
        "ms_coordinator": other_coordinator,
        "superuser": get_user_model().objects.create_superuser(username="root", password="pw"),
    }


@pytest.fixture
def ctx(demo_meeting, users):
    """The two meetings, each with an item, a decision, an invited person and an attachment,
    and a reader's proposal for the planned one."""
    planned = Meeting.objects.get(group=demo_meeting.group, date=date(2025, 9, 18))
    c = {"held": demo_meeting, "planned": planned, "group": demo_meeting.group}
    for which, meeting in (("held", demo_meeting), ("planned", planned)):
        item = meeting.items.order_by("number").first() or AgendaItem.objects.create(
            meeting=meeting, number=1, title="Dagordningens första punkt"
        )
        c[f"{which}_item"] = item
        c[f"{which}_decision"] = Decision.objects.create(item=item, text="Beslut", order=99)
        person = Person.objects.create(name=f"Gäst {which}", organisation="PNR")
        c[f"{which}_invited"] = Attendance.objects.create(
            meeting=meeting, person=person, status=Attendance.Status.INVITED, topic="x", order=99
        )
        c[f"{which}_attachment"] = attachment_upload(
            meeting=meeting,
            upload=SimpleUploadedFile("bilaga.pdf", PDF, "application/pdf"),
            user=users["ms_coordinator"],
        )
    c["proposal"] = AgendaProposal.objects.create(
        meeting=planned, title="Mer diskussion", proposed_by=users["ms_reader"]
    )
    c["person"] = demo_meeting.attendances.exclude(status=Attendance.Status.INVITED).first().person
    return c


def _snapshot(group: SteeringGroup) -> tuple:
    """Every row of the meetings app (history included), the people and the feed's key."""
    counts = tuple(model.objects.count() for model in apps.get_app_config("meetings").get_models())
    group.refresh_from_db()
    return counts, Person.objects.count(), group.feed_token


def _data(row: Row, c) -> dict:
    return {k: c["person"].pk if v == "PERSON" else v for k, v in row.data.items()}


def _url(name: str, which: str, c) -> str:
    return reverse(f"meetings:{name}", args=ROWS[name].args(c, which))


def _login(client, user) -> None:
    client.logout()
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize("which", ["held", "planned"])
@pytest.mark.parametrize("name", sorted(ROWS))
def test_it_answers_each_role_s_get_as_the_matrix_says(client, users, ctx, name, which):
    expected = ROWS[name].expected("get", which)
    url = _url(name, which, ctx)
    answered = {}
    for role in ROLES:
        _login(client, users[role])
        response = client.get(url)
        answered[role] = response.status_code
        if response.status_code == 302 and role == "anonymous":
            assert "/logga-in/" in response["Location"]
    assert answered == expected


POSTS = [(name, which) for name, row in ROWS.items() if row.post for which in ("held", "planned")]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "which"), POSTS)
def test_it_answers_each_role_s_post_as_the_matrix_says(client, users, ctx, name, which, role):
    """Refused, a POST writes nothing at all."""
    expected = ROWS[name].expected("post", which)[role]
    _login(client, users[role])
    before = _snapshot(ctx["group"])
    response = client.post(_url(name, which, ctx), _data(ROWS[name], ctx))
    assert response.status_code == expected
    if expected == 302 and role == "anonymous":
        assert "/logga-in/" in response["Location"]
    if expected in (302, 404) and (role == "anonymous" or expected == 404):
        assert _snapshot(ctx["group"]) == before


@pytest.mark.parametrize(
    "name", ["meeting-attachments", "meeting-proposals", "proposal-decline", "decision-done"]
)
def test_it_refuses_an_empty_post_as_a_failed_form(client, users, ctx, name):
    """A POST without fields is a form sent empty (400 with its messages), not the page again."""
    client.force_login(users["ms_coordinator"])
    before = _snapshot(ctx["group"])
    response = client.post(_url(name, "planned", ctx))
    assert response.status_code == 400
    assert _snapshot(ctx["group"]) == before


FORGED = {
    "item-edit": "item",
    "item-move": "item",
    "item-delete": "item",
    "decision-create": "item",
    "decision-edit": "decision",
    "decision-delete": "decision",
    "invited-remove": "invited",
    "attachment-delete": "attachment",
    "attachment-download": "attachment",
}


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", sorted(FORGED))
def test_it_gives_404_for_another_meeting_s_object_under_this_one(client, users, ctx, name, method):
    """The planned meeting's item, decision, invited person or attachment under the held
    meeting's address: no such page, nothing written, even for the group's coordinator."""
    forged = ctx[f"planned_{FORGED[name]}"]
    args = ROWS[name].args(ctx, "held")
    args[1] = forged.pk
    if name == "attachment-download":
        args[2] = file_name(forged)
    client.force_login(users["ms_coordinator"])
    before = _snapshot(ctx["group"])
    row = ROWS[name]
    answers = row.get["held"] if set(row.get) == {"held", "planned"} else row.get
    refuses = (method == "get" and answers["ms_coordinator"] == 405) or (
        method == "post" and row.post is None
    )
    response = getattr(client, method)(reverse(f"meetings:{name}", args=args), _data(row, ctx))
    assert response.status_code == (405 if refuses else 404)
    assert _snapshot(ctx["group"]) == before


def test_it_gives_404_for_another_meeting_s_proposal(client, users, ctx):
    client.force_login(users["ms_coordinator"])
    before = _snapshot(ctx["group"])
    for name in ("proposal-accept", "proposal-decline", "proposal-withdraw"):
        url = reverse(f"meetings:{name}", args=[ctx["held"].pk, ctx["proposal"].pk])
        assert client.post(url, {"reason": "x"}).status_code == 404, name
    assert _snapshot(ctx["group"]) == before


# Whatever a form or query string holds (nothing, letters for ids, numbers past any
# database's integer), the answer is a page with a message or no such page, never a 500.
BAD_VALUES = ["", "abc", str(2**70), "-1"]
FIELDS = [
    "person", "status", "region", "item", "chair", "note_taker", "adjuster", "presenters",
    "responsible_person", "followed_up_at", "planned_minutes", "kind", "date", "done_on",
    "starts_at", "ends_at", "version", "direction", "state", "due", "due_on", "points",
]  # fmt: skip


@pytest.mark.parametrize("name", sorted(n for n, row in ROWS.items() if row.post))
def test_it_answers_bad_post_data_without_a_server_error(client, users, ctx, name):
    client.force_login(users["superuser"])
    for value in BAD_VALUES:
        data = {field: value for field in FIELDS} | {"title": "T"}
        response = client.post(_url(name, "planned", ctx), data)
        assert response.status_code in (200, 302, 400, 404, 409), value


@pytest.mark.parametrize("name", sorted(ROWS))
def test_it_answers_bad_query_strings_without_a_server_error(client, users, ctx, name):
    client.force_login(users["superuser"])
    for value in BAD_VALUES:
        params = {key: value for key in ("sida", "ar", "state", "responsible", "due_before")}
        response = client.get(_url(name, "held", ctx), params)
        assert response.status_code in (200, 302, 400, 404, 405), value
