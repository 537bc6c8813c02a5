"""Argument types the management commands share, refusing bad input in Swedish."""

import argparse
from collections.abc import Callable


def days_argument(maximum: int) -> Callable[[str], int]:
    """A --days of 0 to `maximum` that argparse refuses in Swedish, instead of an
    OverflowError further on."""

    def parse(text: str) -> int:
        try:
            days = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"«{text}» är inget antal dagar.") from None
        if not 0 <= days <= maximum:
            raise argparse.ArgumentTypeError(f"Ange ett antal dagar mellan 0 och {maximum}.")
        return days

    return parse
