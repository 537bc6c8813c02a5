"""The follow-up forms: starting a round, a region's report, the coordinator's small forms."""

from datetime import date

import pytest
from django.http import QueryDict

from followup.forms import (
    CommentForm,
    DeadlineForm,
    RegionReportForm,
    ReturnForm,
    RoundCreateForm,
)
from followup.models import FollowUpRound
from followup.services import region_report_save
from followup.services.reports import GoalConflict
from plans.models import Goal, GoalPart
from registry.models import Region


def codes(form, field) -> list[str | None]:
    return [error.code for error in form.errors.as_data().get(field, [])]


@pytest.mark.django_db
class TestRoundCreateForm:
    def valid_data(self, plan, **changes):
        regions = Region.objects.filter(healthcare_region=plan.healthcare_region)
        return {
            "year": 2030,
            "opens_on": "2031-03-01",
            "deadline": "2031-04-30",
            "regions": [region.pk for region in regions],
            **changes,
        }

    def test_it_offers_and_ticks_the_regions_of_the_plans_healthcare_region(
        self, norr, plan_builder
    ):
        plan = plan_builder(slug="ny", owner=norr)

        form = RoundCreateForm(plan=plan)

        regions = form.fields["regions"]
        assert sorted(region.code for region in regions.queryset) == ["RJH", "RN", "RV", "RVN"]
        assert sorted(region.code for region in regions.initial) == ["RJH", "RN", "RV", "RVN"]

    def test_another_rccs_plan_offers_that_rccs_regions(self, mellansverige, plan_builder):
        plan = plan_builder(slug="mitt", owner=mellansverige)

        form = RoundCreateForm(plan=plan)

        offered = set(form.fields["regions"].queryset)
        assert offered == set(mellansverige.regions.all())
        assert not {"RJH", "RN", "RV", "RVN"} & {region.code for region in offered}

    def test_it_accepts_a_new_year_for_the_plan(self, norr, plan_builder):
        plan = plan_builder(slug="ny", owner=norr)

        form = RoundCreateForm(self.valid_data(plan, introduction="Välkomna"), plan=plan)

        assert form.is_valid(), form.errors
        assert form.cleaned_data["year"] == 2030
        assert form.cleaned_data["deadline"] == date(2031, 4, 30)
        assert form.instance.plan == plan

    def test_it_refuses_a_year_that_already_has_a_round(self, round_builder):
        round = round_builder(year=2024)

        form = RoundCreateForm(self.valid_data(round.plan, year=2024), plan=round.plan)

        assert not form.is_valid()
        assert form.errors["year"] == ["Planen har redan en uppföljning för 2024."]
        assert codes(form, "year") == ["duplicate"]

    def test_the_same_year_is_free_for_another_plan(self, round_builder, norr, plan_builder):
        round_builder(year=2024)
        other = plan_builder(slug="annan", owner=norr)

        form = RoundCreateForm(self.valid_data(other, year=2024), plan=other)

        assert form.is_valid(), form.errors

    def test_it_requires_at_least_one_region(self, norr, plan_builder):
        plan = plan_builder(slug="ny", owner=norr)

        form = RoundCreateForm(self.valid_data(plan, regions=[]), plan=plan)

        assert not form.is_valid()
        assert codes(form, "regions") == ["required"]

    def test_it_refuses_a_region_of_another_healthcare_region(
        self, norr, mellansverige, plan_builder
    ):
        plan = plan_builder(slug="ny", owner=norr)
        foreign = mellansverige.regions.first()

        form = RoundCreateForm(self.valid_data(plan, regions=[foreign.pk]), plan=plan)

        assert not form.is_valid()
        assert codes(form, "regions") == ["invalid_choice"]

    def test_it_refuses_a_deadline_before_the_opening_day(self, norr, plan_builder):
        plan = plan_builder(slug="ny", owner=norr)

        form = RoundCreateForm(self.valid_data(plan, deadline="2031-02-28"), plan=plan)

        # The model's check constraint is validated with the form (ModelForm.full_clean).
        assert not form.is_valid()
        assert len(form.errors.get("deadline", []) + form.non_field_errors()) == 1
        assert not plan.rounds.exists()

    def test_a_deadline_on_the_opening_day_is_accepted(self, norr, plan_builder):
        plan = plan_builder(slug="ny", owner=norr)

        form = RoundCreateForm(self.valid_data(plan, deadline="2031-03-01"), plan=plan)

        assert form.is_valid(), form.errors

    def test_a_deadline_before_the_opening_day_is_explained_in_swedish(self, norr, plan_builder):
        plan = plan_builder(slug="ny", owner=norr)

        form = RoundCreateForm(self.valid_data(plan, deadline="2031-02-28"), plan=plan)

        form.is_valid()
        message = " ".join(form.errors.get("deadline", []) + form.non_field_errors())
        assert "round_deadline_after_opening" not in message
        assert "sista dag" in message.casefold()

    def test_an_implausible_year_is_explained_in_swedish(self, norr, plan_builder):
        plan = plan_builder(slug="ny", owner=norr)

        form = RoundCreateForm(self.valid_data(plan, year=1990), plan=plan)

        assert not form.is_valid()
        message = " ".join(form.errors.get("year", []) + form.non_field_errors())
        assert message == "Uppföljningsåret ska ligga mellan 2000 och 2100."


@pytest.fixture
def plan_goals(round_builder):
    """The goals of an open round's plan; the first is judged in two named parts."""
    round = round_builder()
    first = Goal.objects.for_plan(round.plan).first()
    GoalPart.objects.create(goal=first, name="Inklusion", order=1)
    GoalPart.objects.create(goal=first, name="Ledtider", order=2)
    return round, list(Goal.objects.for_plan(round.plan))


def assessments_of(round, code="RJH"):
    return {a.goal_id: a for a in round.assessments.filter(region__code=code)}


def report_form(round, goals, data=None):
    return RegionReportForm(
        data,
        goals=goals,
        assessments=assessments_of(round),
        part_names=GoalPart.objects.filter(goal__in=goals).names_by_goal(),
    )


def post(goals, **fields):
    """A post of the form; fields are named g<index>_<field>, index into the goals."""
    data = {}
    for name, value in fields.items():
        index, field = name[1:].split("_", 1)
        data[f"g{goals[int(index)].pk}_{field}"] = value
    return data


def save_level(round, goal, level, comment=""):
    report = round.reports.get(region__code="RJH")
    region_report_save(
        report=report,
        values={goal.pk: (level, comment)},
        original={},
        user=None,
    )


def level_fields(form, goal) -> list[str]:
    return [name for name in form.fields if name.startswith(f"g{goal.pk}_level_")]


@pytest.mark.django_db
class TestRegionReportForm:
    def test_it_has_one_level_field_per_named_part(self, plan_goals):
        round, goals = plan_goals
        first = goals[0]

        form = report_form(round, goals)

        assert level_fields(form, first) == [f"g{first.pk}_level_0", f"g{first.pk}_level_1"]
        labels = [form.fields[name].label for name in level_fields(form, first)]
        assert labels == ["Inklusion", "Ledtider"]

    def test_a_goal_without_parts_has_one_level_field(self, plan_goals):
        round, goals = plan_goals
        second = goals[1]

        form = report_form(round, goals)

        assert level_fields(form, second) == [f"g{second.pk}_level_0"]
        assert form.fields[f"g{second.pk}_level_0"].label == "Nivå"
        assert [value for value, _label in form.fields[f"g{second.pk}_level_0"].choices] == [
            "U",
            "P",
            "E",
            "",
        ]

    def test_a_level_with_more_parts_than_names_gets_numbered_parts(self, plan_goals):
        round, goals = plan_goals
        first, second = goals[:2]
        save_level(round, first, "U/E/P")
        save_level(round, second, "P/U?")

        form = report_form(round, goals)

        first_labels = [str(form.fields[name].label) for name in level_fields(form, first)]
        assert first_labels == ["Inklusion", "Ledtider", "Del 3"]
        second_labels = [str(form.fields[name].label) for name in level_fields(form, second)]
        assert second_labels == ["Del 1", "Del 2"]
        initial = [form.fields[name].initial for name in level_fields(form, second)]
        assert initial == ["P", "U"]
        assert form.fields[f"g{second.pk}_unsure"].initial is True

    def test_it_starts_from_the_saved_levels_and_comments(self, plan_goals):
        round, goals = plan_goals
        second = goals[1]
        save_level(round, second, "E", "Inte påbörjat")

        form = report_form(round, goals)

        assert form.fields[f"g{second.pk}_level_0"].initial == "E"
        assert form.fields[f"g{second.pk}_comment"].initial == "Inte påbörjat"
        assert form.fields[f"g{second.pk}_original_level"].initial == "E"
        assert form.fields[f"g{second.pk}_original_comment"].initial == "Inte påbörjat"
        assert form.fields[f"g{second.pk}_unsure"].initial is False

    def test_it_refuses_a_goal_with_only_some_parts_filled_in(self, plan_goals):
        round, goals = plan_goals
        first = goals[0]

        form = report_form(round, goals, post(goals, g0_level_0="U"))

        assert not form.is_valid()
        assert codes(form, f"g{first.pk}_level_0") == ["parts"]
        assert form.errors[f"g{first.pk}_level_0"] == [
            "Ange en nivå för varje del av målet, eller ingen."
        ]
        rows = form.rows(previous={})
        assert rows[0].errors == ["Ange en nivå för varje del av målet, eller ingen."]
        assert rows[1].errors == []

    def test_it_refuses_unsure_without_a_level(self, plan_goals):
        round, goals = plan_goals
        second = goals[1]

        form = report_form(round, goals, post(goals, g1_unsure="on"))

        assert not form.is_valid()
        assert codes(form, f"g{second.pk}_level_0") == ["unsure_blank"]
        assert form.errors[f"g{second.pk}_level_0"] == [
            "Markera osäker bedömning bara tillsammans med en nivå."
        ]

    def test_it_refuses_a_level_that_is_not_a_choice(self, plan_goals):
        round, goals = plan_goals

        form = report_form(round, goals, post(goals, g1_level_0="X"))

        assert not form.is_valid()
        assert codes(form, f"g{goals[1].pk}_level_0") == ["invalid_choice"]

    def test_its_values_are_composite_unsure_or_blank_levels_with_lf_comments(self, plan_goals):
        round, goals = plan_goals
        data = post(
            goals,
            g0_level_0="P",
            g0_level_1="U",
            g0_comment="Rad ett\r\nRad två\r\n",
            g1_level_0="P",
            g1_unsure="on",
            g2_comment="  Bara en kommentar  ",
        )

        form = report_form(round, goals, data)

        assert form.is_valid(), form.errors
        values = form.values()
        assert values[goals[0].pk] == ("P/U", "Rad ett\nRad två")
        assert values[goals[1].pk] == ("P?", "")
        assert values[goals[2].pk] == ("", "Bara en kommentar")
        assert set(values) == {goal.pk for goal in goals}

    def test_a_composite_can_be_unsure_too(self, plan_goals):
        round, goals = plan_goals

        form = report_form(round, goals, post(goals, g0_level_0="E", g0_level_1="P", g0_unsure="1"))

        assert form.is_valid(), form.errors
        assert form.values()[goals[0].pk][0] == "E/P?"

    def test_its_originals_are_the_posted_starting_points(self, plan_goals):
        round, goals = plan_goals
        data = post(goals, g1_original_level="U", g1_original_comment="Förut\r\nsparat")

        form = report_form(round, goals, data)

        assert form.is_valid(), form.errors
        originals = form.originals()
        assert originals[goals[1].pk] == ("U", "Förut\nsparat")
        assert originals[goals[0].pk] == ("", "")

    def test_after_a_conflict_only_the_conflicting_goal_keeps_what_was_typed(self, plan_goals):
        round, goals = plan_goals
        first, second, third = goals[:3]
        posted = QueryDict(mutable=True)
        posted.update(
            post(
                goals,
                g1_level_0="E",
                g1_comment="Min text",
                g1_original_level="",
                g1_original_comment="",
                g2_level_0="",
                g2_comment="",
                g2_original_level="",
                g2_original_comment="",
            )
        )
        save_level(round, second, "U", "Kollegans text")
        save_level(round, third, "P", "Också kollegan")
        conflict = GoalConflict(
            goal=second, mine=("E", "Min text"), theirs=("U", ""), by=None, at=None
        )
        form = report_form(round, goals, posted)
        assert form.is_valid(), form.errors

        merged = form.merged(posted, assessments=assessments_of(round), conflicts=[conflict])

        assert merged[f"g{second.pk}_comment"] == "Min text"  # the conflict keeps the input
        assert merged[f"g{second.pk}_original_level"] == ""  # and its original, until decided
        assert merged[f"g{third.pk}_level_0"] == "P"  # the rest is as saved now
        assert merged[f"g{third.pk}_comment"] == "Också kollegan"
        assert merged[f"g{third.pk}_original_level"] == "P"
        assert posted[f"g{third.pk}_comment"] == ""  # the request's data is left as it was
        assert report_form(round, goals, merged).is_valid()

    @pytest.mark.parametrize(
        ("choice", "value"), [("mine", ("E", "Min text")), ("theirs", ("U", "Kollegans text"))]
    )
    def test_a_chosen_version_starts_from_the_saved_one_seen(self, plan_goals, choice, value):
        round, goals = plan_goals
        second = goals[1]
        data = post(
            goals,
            g1_level_0="E",
            g1_comment="Min text",
            g1_original_level="",
            g1_original_comment="",
            g1_resolve=choice,
            g1_seen_level="U",
            g1_seen_comment="Kollegans text",
        )

        form = report_form(round, goals, data)

        assert form.is_valid(), form.errors
        assert form.values()[second.pk] == value
        assert form.originals()[second.pk] == ("U", "Kollegans text")


class TestSmallForms:
    ROUND = FollowUpRound(opens_on=date(2025, 3, 1), deadline=date(2025, 4, 30))

    def test_the_deadline_form_reads_a_date(self):
        form = DeadlineForm({"deadline": "2025-05-15"}, round=self.ROUND)

        assert form.is_valid()
        assert form.cleaned_data["deadline"] == date(2025, 5, 15)

    @pytest.mark.parametrize("value", ["imorgon", "2025-02-30", "15/05/2025", ""])
    def test_the_deadline_form_rejects_what_is_not_a_date(self, value):
        form = DeadlineForm({"deadline": value}, round=self.ROUND)

        assert not form.is_valid()
        assert codes(form, "deadline") == ["required" if value == "" else "invalid"]

    def test_a_deadline_before_the_opening_is_refused_on_the_field_in_words(self):
        form = DeadlineForm({"deadline": "2025-02-28"}, round=self.ROUND)

        assert not form.is_valid()
        assert form.errors["deadline"] == [
            "Sista dag kan inte vara före dagen då omgången öppnar (2025-03-01)."
        ]
        assert "round_deadline_after_opening" not in str(form.errors)

    def test_dates_are_typed_as_text_not_in_the_browsers_locale(self):
        html = str(DeadlineForm(round=self.ROUND)["deadline"])

        assert 'type="text"' in html and 'placeholder="ÅÅÅÅ-MM-DD"' in html

    def test_the_return_message_is_required_and_up_to_2000_characters(self):
        assert ReturnForm({"message": "x" * 2000}).is_valid()

        assert codes(ReturnForm({"message": ""}), "message") == ["required"]
        assert codes(ReturnForm({"message": "x" * 2001}), "message") == ["max_length"]

    def test_the_comment_form_takes_the_text_and_the_text_it_started_from(self):
        form = CommentForm({"rcc-text": "Ny text", "rcc-original": "Gammal"}, prefix="rcc")

        assert form.is_valid()
        assert form.cleaned_data == {"text": "Ny text", "original": "Gammal"}

    def test_the_comment_form_allows_clearing_the_text(self):
        form = CommentForm({"text": "", "original": "Gammal"})

        assert form.is_valid()
        assert form.cleaned_data["text"] == ""
        assert form.fields["original"].widget.is_hidden
