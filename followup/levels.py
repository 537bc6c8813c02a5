"""Assessment levels as regions write them: U, P, E, blank, composites such as "P/U", and "P?".

A level is one or more parts joined by "/" (a goal judged in parts, e.g. SVF inclusion and lead
times), optionally followed by "?" when the region was unsure. A goal counts as achieved only when
every part is U and the level is not marked unsure.
"""

import itertools
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

ACHIEVED, IN_PROGRESS, NOT_STARTED = "U", "P", "E"
LETTERS = (ACHIEVED, IN_PROGRESS, NOT_STARTED)
LEGEND = {
    ACHIEVED: _("Uppnått mål"),
    IN_PROGRESS: _("Pågående arbete"),
    NOT_STARTED: _("Ej påbörjat arbete"),
    "": _("ingen bedömning"),
}
WORDS = {
    "uppnått": ACHIEVED,
    "uppnått mål": ACHIEVED,
    "pågående": IN_PROGRESS,
    "pågående arbete": IN_PROGRESS,
    "ej påbörjat": NOT_STARTED,
    "ej påbörjat arbete": NOT_STARTED,
}
# How far along a part is, to tell improvement from regression between rounds.
PROGRESS = {NOT_STARTED: 0, IN_PROGRESS: 1, ACHIEVED: 2}
MAX_PARTS = 3


def _all_levels() -> list[str]:
    levels = [""]
    for count in range(1, MAX_PARTS + 1):
        for parts in itertools.product(LETTERS, repeat=count):
            levels.append("/".join(parts))
            levels.append("/".join(parts) + "?")
    return levels


ALL_LEVELS = _all_levels()


@dataclass(frozen=True)
class Level:
    parts: tuple[str, ...] = ()
    unsure: bool = False

    @classmethod
    def parse(cls, text: str) -> "Level":
        """Read a level as written in a form or a spreadsheet; raise ValueError if it is none."""
        cleaned = " ".join(str(text).split()).strip()
        unsure = cleaned.endswith("?")
        cleaned = cleaned.rstrip("?").strip()
        if not cleaned:
            if unsure:
                raise ValueError(text)
            return cls()
        parts = []
        for piece in cleaned.split("/"):
            piece = piece.strip()
            letter = WORDS.get(piece.casefold(), piece.upper())
            if letter not in LETTERS:
                raise ValueError(text)
            parts.append(letter)
        if len(parts) > MAX_PARTS:
            raise ValueError(text)
        return cls(tuple(parts), unsure)

    def __str__(self):
        return "/".join(self.parts) + ("?" if self.unsure else "")

    @property
    def is_blank(self) -> bool:
        return not self.parts

    @property
    def is_achieved(self) -> bool:
        return bool(self.parts) and not self.unsure and all(p == ACHIEVED for p in self.parts)

    @property
    def has_not_started(self) -> bool:
        return NOT_STARTED in self.parts

    @property
    def progress(self) -> float | None:
        """Mean progress of the parts (E=0, P=1, U=2), or None for a blank level."""
        if not self.parts:
            return None
        return sum(PROGRESS[p] for p in self.parts) / len(self.parts)

    @property
    def css_class(self) -> str:
        """One class for the cell colour: the single letter, "mixed" for composites, or blank."""
        if not self.parts:
            return "blank"
        if len(set(self.parts)) == 1:
            return self.parts[0].lower()
        return "mixed"

    @property
    def label(self) -> str:
        """The level in words, for screen readers and tooltips."""
        if not self.parts:
            return str(LEGEND[""])
        words = " / ".join(str(LEGEND[p]) for p in self.parts)
        return f"{words} (osäker)" if self.unsure else words


@lru_cache(maxsize=256)
def stored_level(text: str) -> Level:
    """The Level of a stored value. There are 79 of them; a national round reads 6,300
    assessments a few times over, so each is parsed once per process (Levels are frozen)."""
    return Level.parse(text)
