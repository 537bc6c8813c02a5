import pytest
from django.urls import reverse

from plans.filters import SEARCH_MAX_LENGTH


@pytest.mark.django_db
class TestPlanSearch:
    def test_it_finds_plans_by_title(self, client, reader):
        client.force_login(reader)

        response = client.get(reverse("plans:plan-list"), {"q": "Mellansverige"})

        content = response.content.decode()
        assert "Handlingsplan för RCC Mellansverige 2025" in content
        assert "Cancerplan för norra sjukvårdsregionen" not in content

    def test_a_term_too_long_is_a_form_error_and_the_list_still_renders(self, client, reader):
        """100,000 characters made SQLite refuse the LIKE pattern as too complex: a 500."""
        client.force_login(reader)

        response = client.get(reverse("plans:plan-list"), {"q": "a" * 100_000})

        assert response.status_code == 200
        content = response.content.decode()
        assert f"Säkerställ att detta värde har som mest {SEARCH_MAX_LENGTH} tecken" in content
        assert "Handlingsplan för RCC Mellansverige 2025" in content
        assert f'maxlength="{SEARCH_MAX_LENGTH}"' in content

    def test_a_term_of_the_longest_length_allowed_is_searched(self, client, reader):
        client.force_login(reader)

        response = client.get(reverse("plans:plan-list"), {"q": "a" * SEARCH_MAX_LENGTH})

        assert response.status_code == 200
        assert "Säkerställ" not in response.content.decode()
        assert "Inga planer" in response.content.decode()
