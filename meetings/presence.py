"""Presence per region per year in a steering group: the figure behind goals such as Norr's
6.5 ("Samtliga regioner ska ha minst 90 % närvaro på möten i RCC Norrs styrgrupp") and the
follow-up report's "Vid alla möten … deltog minst en representant per region".

How it is counted:
- A meeting counts once it has been held (held or minutes approved); planned meetings do not.
- A region is represented at a meeting when at least one person of that region was present,
  in the room or on a link; two people of one region count once.
- One region per organisation: each person counts for exactly one row, their region if they
  have one, otherwise their organisation (a university, the RCC, PNR …). Organisations, and
  regions of other healthcare regions, are rows of their own after the group's regions and are
  not part of the regions' figure.
- Specially invited people (särskilt kallade) do not count; absent people give their
  organisation a row, which then shows the meetings it missed.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from registry.models import Region

from .models import Attendance, Meeting, SteeringGroup

Status = Attendance.Status
HELD_STATES = (Meeting.State.HELD, Meeting.State.APPROVED)
PRESENT = "present"
REMOTE = "remote"


def swedish_percent(part: int, whole: int) -> str:
    """A share as Swedish writes it, rounded half up: "67 %"; "–" when there is no whole."""
    if not whole:
        return "–"
    return f"{(200 * part + whole) // (2 * whole)} %"


def long_date(value) -> str:
    return date_format(value, "j F Y")


@dataclass
class PresenceRow:
    """One region or organisation: per held meeting of the year, how it was represented."""

    label: str
    region: Region | None  # one of the group's regions; None for the rows after them
    cells: list[str]  # per meeting: PRESENT (someone in the room), REMOTE (on a link only) or ""

    @property
    def held(self) -> int:
        return len(self.cells)

    @property
    def represented(self) -> int:
        return sum(1 for cell in self.cells if cell)

    @property
    def share(self) -> str:
        return swedish_percent(self.represented, self.held)

    @property
    def complete(self) -> bool:
        return all(self.cells)


@dataclass
class YearPresence:
    group: SteeringGroup
    year: int | None  # None: the group has held no meeting yet
    years: list[int]  # the years with held meetings, newest first
    meetings: list[Meeting]  # the year's held meetings, by date
    regions: list[PresenceRow]
    organisations: list[PresenceRow] = field(default_factory=list)

    @property
    def held(self) -> int:
        return len(self.meetings)

    @property
    def fully_represented(self) -> int:
        """The meetings at which every region of the group was represented."""
        return sum(1 for index in range(self.held) if all(row.cells[index] for row in self.regions))

    @property
    def all_represented(self) -> bool:
        return bool(self.meetings) and all(row.complete for row in self.regions)

    def missed(self) -> list[tuple[PresenceRow, list[Meeting]]]:
        """The regions that missed meetings, each with the meetings it missed."""
        return [
            (row, [m for m, cell in zip(self.meetings, row.cells, strict=True) if not cell])
            for row in self.regions
            if not row.complete
        ]

    @property
    def statement(self) -> str:
        """The all-regions statement, or in words which region missed which meeting."""
        if self.year is None:
            return _("Inga genomförda möten är registrerade.")
        if not self.meetings:
            return _("Inga genomförda möten under %(year)s är registrerade.") % {"year": self.year}
        if self.all_represented:
            return _("Vid alla möten under %(year)s deltog minst en representant per region.") % {
                "year": self.year
            }
        gaps = [
            _("%(region)s saknades %(dates)s") % {"region": row.label, "dates": _dates(meetings)}
            for row, meetings in self.missed()
        ]
        return _(
            "Inte vid alla möten under %(year)s deltog minst en representant per region: %(gaps)s."
        ) % {"year": self.year, "gaps": "; ".join(gaps)}


def _dates(meetings: list[Meeting]) -> str:
    dates = [_("den %(date)s") % {"date": long_date(m.date)} for m in meetings]
    if len(dates) == 1:
        return dates[0]
    return _("%(first)s och %(last)s") % {"first": ", ".join(dates[:-1]), "last": dates[-1]}


def held_meetings(groups: Iterable[SteeringGroup]) -> dict[int, list[Meeting]]:
    """The groups' held meetings of every year, by date: one query."""
    by_group: dict[int, list[Meeting]] = {group.pk: [] for group in groups}
    meetings = Meeting.objects.filter(group__in=list(by_group), state__in=HELD_STATES)
    for meeting in meetings.order_by("date"):
        by_group[meeting.group_id].append(meeting)
    return by_group


def groups_presence(
    groups: Iterable[SteeringGroup],
    year: int | None = None,
    *,
    held: dict[int, list[Meeting]] | None = None,
) -> dict[int, YearPresence]:
    """Each group's presence in the year (by default its latest year with a held meeting), in
    three queries whatever the number of groups, meetings or people: the held meetings (none
    when the caller has them), the year's attendances with their people, the groups' regions.

    held: the groups' meetings that are not planned, as the caller already loaded them.
    """
    groups = list(groups)
    if held is None:
        held = held_meetings(groups)
    chosen: dict[int, tuple[int | None, list[int], list[Meeting]]] = {}
    for group in groups:
        own = [m for m in held.get(group.pk, []) if m.state in HELD_STATES]
        years = sorted({m.date.year for m in own}, reverse=True)
        group_year = year if year is not None else (years[0] if years else None)
        meetings = sorted((m for m in own if m.date.year == group_year), key=lambda m: m.date)
        chosen[group.pk] = (group_year, years, meetings)
    meeting_ids = [m.pk for _year, _years, meetings in chosen.values() for m in meetings]
    attendances = _attendances(meeting_ids)
    regions = _regions(groups)
    result = {}
    for group in groups:
        group_year, years, meetings = chosen[group.pk]
        result[group.pk] = _presence(
            group, group_year, years, meetings, attendances, regions[group.healthcare_region_id]
        )
    return result


def group_presence(group: SteeringGroup, year: int | None = None) -> YearPresence:
    return groups_presence([group], year)[group.pk]


def _attendances(meeting_ids: list[int]) -> dict[int, list[tuple]]:
    by_meeting: dict[int, list[tuple]] = {pk: [] for pk in meeting_ids}
    if not meeting_ids:
        return by_meeting
    rows = (
        Attendance.objects.filter(meeting_id__in=meeting_ids)
        .exclude(status=Status.INVITED)
        .order_by()
        .values_list(
            "meeting_id",
            "status",
            "person__region_id",
            "person__region__name",
            "person__organisation",
        )
    )
    for meeting_id, *rest in rows:
        by_meeting[meeting_id].append(tuple(rest))
    return by_meeting


def _regions(groups: list[SteeringGroup]) -> dict[int, list[Region]]:
    by_healthcare_region: dict[int, list[Region]] = {g.healthcare_region_id: [] for g in groups}
    if groups:
        for region in Region.objects.filter(healthcare_region_id__in=list(by_healthcare_region)):
            by_healthcare_region[region.healthcare_region_id].append(region)
    return by_healthcare_region


def _presence(group, year, years, meetings, attendances, regions) -> YearPresence:
    own = {region.pk: region for region in regions}
    # row key → per meeting index: the best presence (in the room beats on a link)
    seen: dict[tuple, dict[int, str]] = {}
    labels: dict[tuple, str] = {}
    for index, meeting in enumerate(meetings):
        for status, region_id, region_name, organisation in attendances.get(meeting.pk, []):
            key = ("region", region_id) if region_id else ("organisation", organisation)
            labels[key] = region_name if region_id else organisation
            cells = seen.setdefault(key, {})
            if status == Status.PRESENT:
                cells[index] = PRESENT
            elif status == Status.REMOTE and cells.get(index) != PRESENT:
                cells[index] = REMOTE

    def cells_of(key) -> list[str]:
        found = seen.get(key, {})
        return [found.get(index, "") for index in range(len(meetings))]

    region_rows = [
        PresenceRow(region.name, region, cells_of(("region", region.pk))) for region in regions
    ]
    others = sorted(
        (key for key in seen if not (key[0] == "region" and key[1] in own)),
        key=lambda key: labels[key].lower(),
    )
    return YearPresence(
        group=group,
        year=year,
        years=years,
        meetings=meetings,
        regions=region_rows,
        organisations=[PresenceRow(labels[key], None, cells_of(key)) for key in others],
    )


def region_sentence(row: PresenceRow) -> str:
    return ngettext(
        "%(region)s var representerad vid %(n)s av %(total)s möte (%(share)s)",
        "%(region)s var representerad vid %(n)s av %(total)s möten (%(share)s)",
        row.held,
    ) % {"region": row.label, "n": row.represented, "total": row.held, "share": row.share}


def summary_sentence(presence: YearPresence) -> str:
    """The figure for all regions at once: "4 av 4 möten med minst en representant per
    region"."""
    return ngettext(
        "%(n)s av %(total)s möte med minst en representant per region",
        "%(n)s av %(total)s möten med minst en representant per region",
        presence.held,
    ) % {"n": presence.fully_represented, "total": presence.held}
