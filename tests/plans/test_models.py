import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from plans.models import Activity, Area, Goal, GoalPart, Plan
from registry.models import Region


def make_plan(owner, **fields):
    values = dict(
        slug="p",
        title="P",
        kind=Plan.Kind.ACTION_PLAN,
        owner_healthcare_region=owner,
        first_year=2025,
        last_year=2025,
    )
    values.update(fields)
    return Plan(**values)


def violates(obj):
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()


@pytest.mark.django_db
class TestPlanConstraints:
    def test_a_slug_is_unique(self, norr):
        make_plan(norr).save()
        violates(make_plan(norr, title="Annan"))

    def test_a_plan_has_exactly_one_owner(self, norr):
        violates(make_plan(None))
        violates(make_plan(norr, owner_region=Region.objects.get(code="RJH")))

    def test_the_period_is_in_order(self, norr):
        violates(make_plan(norr, first_year=2025, last_year=2024))

    def test_a_local_plan_is_owned_by_a_region(self, norr):
        with pytest.raises(ValidationError, match="ägs av en region"):
            make_plan(norr, kind=Plan.Kind.LOCAL_PLAN).full_clean()

    def test_a_parent_is_a_cancer_plan(self, norr):
        action_plan = make_plan(norr, slug="a")
        action_plan.save()
        local = make_plan(
            None,
            slug="l",
            kind=Plan.Kind.LOCAL_PLAN,
            owner_region=Region.objects.get(code="RJH"),
            parent=action_plan,
        )
        with pytest.raises(ValidationError, match="cancerplan"):
            local.full_clean()


@pytest.mark.django_db
class TestTreeConstraints:
    @pytest.fixture
    def area(self, norr):
        plan = make_plan(norr)
        plan.save()
        return Area.objects.create(plan=plan, number="1", title="Ett", order=1)

    def test_areas_have_unique_order_title_and_number(self, area):
        violates(Area(plan=area.plan, number="2", title="Två", order=1))
        violates(Area(plan=area.plan, number="2", title="Ett", order=2))
        violates(Area(plan=area.plan, number="1", title="Två", order=2))
        Area.objects.create(plan=area.plan, number="", title="Utan nummer", order=3)
        Area.objects.create(plan=area.plan, number="", title="Också utan", order=4)

    def test_goals_have_unique_order_and_text(self, area):
        Goal.objects.create(area=area, text="Mål", order=1)
        violates(Goal(area=area, text="Annat mål", order=1))
        violates(Goal(area=area, text="", order=2))

    def test_goal_parts_are_unique(self, area):
        goal = Goal.objects.create(area=area, text="Mål", order=1)
        GoalPart.objects.create(goal=goal, name="Inklusion", order=1)
        violates(GoalPart(goal=goal, name="Inklusion", order=2))
        violates(GoalPart(goal=goal, name="Ledtider", order=1))

    def test_activities_need_a_what_an_order_and_years_in_order(self, area):
        goal = Goal.objects.create(area=area, text="Mål", order=1)
        Activity.objects.create(goal=goal, what="Göra", order=1)
        violates(Activity(goal=goal, what="Annat", order=1))
        violates(Activity(goal=goal, what="", order=2))
        violates(Activity(goal=goal, what="Sent", order=3, first_year=2025, last_year=2024))


@pytest.mark.django_db
class TestOutline:
    @pytest.fixture
    def plan(self, norr):
        plan = make_plan(norr)
        plan.save()
        # Created out of order, so that only the "order" fields put them right.
        second = Area.objects.create(plan=plan, title="Andra", order=2)
        first = Area.objects.create(plan=plan, title="Första", order=1)
        Area.objects.create(plan=plan, title="Tomt", order=3)
        later = Goal.objects.create(area=first, text="Mål 2", order=2)
        earlier = Goal.objects.create(area=first, text="Mål 1", order=1)
        Goal.objects.create(area=second, text="Mål 3", order=1)
        GoalPart.objects.create(goal=earlier, name="Ledtider", order=2)
        GoalPart.objects.create(goal=earlier, name="Inklusion", order=1)
        Activity.objects.create(goal=later, what="B", order=2, from_agreement=True)
        Activity.objects.create(goal=later, what="A", order=1)
        other = make_plan(norr, slug="annan")
        other.save()
        elsewhere = Area.objects.create(plan=other, title="X", order=1)
        Goal.objects.create(area=elsewhere, text="Y", order=1)
        return plan

    def test_it_gives_the_tree_in_order_as_lists_in_four_queries(
        self, plan, django_assert_num_queries
    ):
        # areas, goals, goal parts, activities
        with django_assert_num_queries(4):
            areas = plan.areas.outline()

        assert [area.title for area in areas] == ["Första", "Andra", "Tomt"]
        assert [[goal.text for goal in area.goal_list] for area in areas] == [
            ["Mål 1", "Mål 2"],
            ["Mål 3"],
            [],
        ]
        earlier, later = areas[0].goal_list
        assert earlier.part_names == ["Inklusion", "Ledtider"]
        assert earlier.activity_list == []
        assert [activity.what for activity in later.activity_list] == ["A", "B"]
        assert [(a.activity_count, a.agreement_count) for a in areas] == [(2, 1), (0, 0), (0, 0)]
