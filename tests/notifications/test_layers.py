"""notifications sits on top: the apps it listens to never import it."""

import re
from pathlib import Path

import pytest
from django.conf import settings

IMPORT = re.compile(r"^\s*(from|import)\s+notifications\b", re.MULTILINE)


@pytest.mark.parametrize("app", ["documents", "registry", "plans", "followup", "meetings"])
def test_it_is_not_imported_by_a_lower_app(app):
    sources = Path(settings.BASE_DIR, app).rglob("*.py")
    importing = [str(path) for path in sources if IMPORT.search(path.read_text())]

    assert importing == []
