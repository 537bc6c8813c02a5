"""The reports `manage.py render_report` writes, one kind per report.

documents knows no domain app: each app registers its own kinds in its AppConfig.ready()
(plans "plan", followup "followup", meetings "minutes"), with the command-line arguments the
kind takes and a function that finds the report's data from them and renders it. Adding a
kind is a ReportKind and one register_report call; the command gets a subcommand for it.
"""

from argparse import ArgumentParser
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class RenderedReport:
    content: bytes
    note: str = ""  # said after the file's name, e.g. " (publicerad version 2, 2025-05-02)"


@dataclass(frozen=True)
class ReportKind:
    """name: the subcommand; add_arguments adds the kind's own options (the command adds
    -o/--output to every kind); render gets the parsed options and raises CommandError, in
    Swedish, for what it cannot find."""

    name: str
    help: str
    add_arguments: Callable[[ArgumentParser], None]
    render: Callable[[dict[str, Any]], RenderedReport]


_kinds: dict[str, ReportKind] = {}


def register_report(kind: ReportKind) -> None:
    registered = _kinds.get(kind.name)
    if registered is not None and registered != kind:
        raise ImproperlyConfigured(f"Two report kinds are named {kind.name!r}.")
    _kinds[kind.name] = kind


def report_kinds() -> list[ReportKind]:
    return [_kinds[name] for name in sorted(_kinds)]
