"""Reading meaning out of the free-text cells of action-plan tables."""

import re
from collections.abc import Iterable

from registry.models import Body

# "2025", "2022–24", "2024-2025", "Q2 2025", "30/4 2024"; a two-digit end year shares the
# century of the start year.
YEAR_OR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\s*[–—-]\s*(\d{4}|\d{2}))?(?!\d)")


def parse_timeframe(text: str) -> tuple[int | None, int | None]:
    """The first and last year a timeframe names, or (None, None) for e.g. "Löpande"."""
    years: list[int] = []
    for match in YEAR_OR_RANGE.finditer(text):
        start = int(match.group(1))
        years.append(start)
        if end := match.group(2):
            end_year = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
            if end_year >= start:
                years.append(end_year)
    if not years:
        return None, None
    return min(years), max(years)


def bodies_named_in(text: str, bodies: Iterable[Body]) -> list[Body]:
    """The bodies whose abbreviation (as a word, case-sensitive) or full name occur in text."""
    found = []
    for body in bodies:
        by_abbreviation = re.search(rf"(?<!\w){re.escape(body.abbreviation)}(?!\w)", text)
        by_name = re.search(rf"(?<!\w){re.escape(body.name)}(?!\w)", text, re.IGNORECASE)
        if by_abbreviation or by_name:
            found.append(body)
    return found
