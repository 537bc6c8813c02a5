from collections import Counter

import pytest
from django.template.defaultfilters import truncatewords

from followup.models import Assessment, FollowUpRound
from followup.selectors import round_data
from followup.services import region_report_save
from followup.summary import round_summary
from plans.models import Goal

SEVEN_ACHIEVED_EVERYWHERE = [
    "Screening för tjock- och ändtarmscancer",
    "Organiserad prostatacancertestning (OPT)",
    "RCC Norr ska tillsammans med regionerna genomföra cancerpreventiva aktiviteter",
    "Regionerna ska årligen genomföra SVF-PREM-mätning",
    "Det ska finnas en etablerad stödfunktion för unga cancerdrabbade (18–30 år)",
    "Samtliga regioner ska ha minst 90 % närvaro på möten i RCC Norrs styrgrupp",
    "Samtliga regioner ska ha välfungerande lokala programområden (LPO)",
]

# Each region's levels as printed in the seed's 43 rows.
SEED_LEVELS = {
    "RJH": {"P": 22, "U": 13, "E": 4, "": 2, "P/U": 1, "U/E": 1},
    "RN": {"U": 16, "P": 16, "": 8, "E": 2, "U/E": 1},
    "RV": {"P": 21, "U": 19, "P?": 2, "U/E": 1},
    "RVN": {"P": 17, "U": 11, "": 10, "E": 3, "E/P": 1, "U/E": 1},
}


@pytest.mark.django_db
class TestNorr2023:
    def test_it_is_published_with_the_seeds_texts(self, norr_2023):
        assert norr_2023.state == FollowUpRound.State.PUBLISHED
        assert norr_2023.introduction.startswith("Förbundsdirektionen vid Norra")
        assert "Uppnått mål (U)" in norr_2023.introduction
        assert norr_2023.summary.startswith("Samtliga regioner arbetar för att nå målen")
        assert norr_2023.rcc_comments.count() == 22  # the seed has 22 "RCC Norr:" comments

    def test_the_summary_lists_exactly_the_seven_goals_achieved_everywhere(self, norr_2023):
        summary = round_summary(round_data(norr_2023))

        texts = [goal.text for goal in summary.achieved_everywhere]
        assert len(texts) == 7
        for text, start in zip(texts, SEVEN_ACHIEVED_EVERYWHERE, strict=True):
            assert text.startswith(start)

    def test_the_level_counts_per_region_match_the_seed(self, norr_2023):
        for code, expected in SEED_LEVELS.items():
            levels = Assessment.objects.filter(round=norr_2023, region__code=code)
            assert Counter(levels.values_list("level", flat=True)) == Counter(expected), code

    def test_the_summary_counts_composites_apart(self, norr_2023):
        counts = round_summary(round_data(norr_2023)).counts

        assert counts["RJH"] == {"U": 13, "P": 22, "E": 4, "mixed": 2, "": 2}
        assert counts["RV"] == {"U": 19, "P": 23, "E": 0, "mixed": 1, "": 0}

    def test_it_lists_goals_achieved_by_all_but_one(self, norr_2023):
        summary = round_summary(round_data(norr_2023))

        found = {(item.goal.number, item.regions[0].code) for item in summary.achieved_all_but_one}
        assert found == {("1.1", "RJH"), ("3.6", "RVN"), ("4.1", "RJH"), ("4.5", "RV")}

    def test_it_lists_goals_not_started_in_half_the_regions_and_missing_levels(self, norr_2023):
        summary = round_summary(round_data(norr_2023))

        not_started = {item.goal.number for item in summary.not_started_in_half}
        assert not_started == {"2.5", "2.6", "3.3"}
        missing = {
            item.goal.number: [r.code for r in item.regions] for item in summary.missing_levels
        }
        assert missing["1.5"] == ["RJH", "RN", "RVN"]
        assert "1.2" not in missing
        assert summary.previous is None
        assert summary.changes == []

    def test_it_cuts_each_listed_goals_text_as_truncatewords_does(self, norr_2023):
        summary = round_summary(round_data(norr_2023))

        listed = summary.achieved_everywhere + [
            item.goal
            for item in summary.achieved_all_but_one
            + summary.not_started_in_half
            + summary.missing_levels
        ]
        assert summary.excerpts.keys() == {goal.pk for goal in listed}
        for goal in listed:
            assert summary.excerpts[goal.pk] == truncatewords(goal.text, 25)
        assert any(text.endswith(" …") for text in summary.excerpts.values())

    def test_it_tells_each_region_what_changed_since_the_previous_round(
        self, norr_2023, reporter_a
    ):
        current = FollowUpRound.objects.get(plan=norr_2023.plan, year=2024)
        report = current.reports.get(region__code="RJH")
        goals = {goal.number: goal for goal in Goal.objects.for_plan(current.plan)}
        # In 2023 RJH had 1.1 P, 1.2 U, 1.3 P and 3.3 U/E.
        region_report_save(
            report=report,
            values={
                goals["1.1"].pk: ("U", ""),
                goals["1.2"].pk: ("P", ""),
                goals["1.3"].pk: ("P", ""),
                goals["3.3"].pk: ("U", ""),
            },
            original={},
            user=reporter_a,
        )

        summary = round_summary(round_data(current))

        assert summary.previous == norr_2023
        rjh = next(change for change in summary.changes if change.region.code == "RJH")
        assert [g.number for g in rjh.improved] == ["1.1", "3.3"]
        assert [g.number for g in rjh.regressed] == ["1.2"]
        assert [g.number for g in rjh.unchanged] == ["1.3"]
