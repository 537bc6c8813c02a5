"""Every link a person can reach from the start page leads somewhere they may go.

For each demo role, every internal link reachable from "/" is followed: it answers 200, or it
is a download. The admin is left out (Django's own pages); so are links that only repeat a page
with another filter or area, or for another row of a plan's edit view (their first one is
followed).
"""

import re
from collections import deque
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from demo.services import DEMO_USERS, _load_users

HREF = re.compile(r'<a\b[^>]*\bhref="([^"]*)"')
# A page is followed once per path and set of query parameter names: the matrix's 43 × 4 cells
# differ by path, its filter links only by their values.
MAX_PAGES = 2_000


def links(html: str) -> list[str]:
    return [unescape(href) for href in HREF.findall(html)]


def internal(href: str) -> str | None:
    url, _fragment = urldefrag(href)
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not url.startswith("/"):
        return None
    if parts.path.startswith(("/admin/", "/static/")):
        return None
    return url


# A plan's edit view and history have a form, a move and a delete link for every row: the
# first of each kind is followed (their rights are tested per view in tests/plans).
PER_ROW = re.compile(r"^(/planer/[^/]+/(?:redigera|historik)/[^/]+/)\d+/")


def shape(url: str) -> tuple[str, tuple[str, ...]]:
    parts = urlsplit(url)
    names = tuple(sorted(part.split("=")[0] for part in parts.query.split("&") if part))
    return PER_ROW.sub(r"\1<id>/", parts.path), names


@pytest.fixture
def fake_pdf(monkeypatch):
    """Laying out a PDF is the PDF tests' business; here only the answer matters."""
    monkeypatch.setattr("documents.tasks.render_pdf", lambda html: b"%PDF-1.7 crawl")


@pytest.mark.django_db
@pytest.mark.parametrize("username", [demo.username for demo in DEMO_USERS])
def test_every_link_from_the_start_page_answers(username, fake_pdf):
    _load_users()
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    seen, queue, broken = {shape("/")}, deque([("/", "start")]), []
    visited = 0

    while queue and visited < MAX_PAGES:
        url, found_on = queue.popleft()
        response = client.get(url, follow=True)
        visited += 1
        if response.status_code != 200:
            broken.append(f"{url} → {response.status_code} (link on {found_on})")
            continue
        if response.get("Content-Disposition", "").startswith("attachment"):
            continue
        if not response["Content-Type"].startswith("text/html"):
            continue
        for href in links(response.content.decode()):
            target = internal(href)
            if target and shape(target) not in seen:
                seen.add(shape(target))
                queue.append((target, url))

    assert broken == []
    assert visited < MAX_PAGES
    assert visited > 5  # the start page leads somewhere
