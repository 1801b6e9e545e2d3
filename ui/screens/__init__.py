"""Screens, and the routes that name them.

Each task registers one entry of ``ROUTES``: the
factory receives the ``ScreenContext`` (database, settings, mode) and returns a
``Screen``. Give it as ``"package.module:function"`` so the module is imported
only when a resident first opens that task, not while the kiosk starts.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Union

from ui.screens.base import Screen

if TYPE_CHECKING:
    from sqlite_utils import Database

    from kiosk.settings import Settings


@dataclass
class ScreenContext:
    db: Database
    settings: Settings
    mode: str
    staff: Any = None  # the window's StaffController (ui.screens.staff.controller)
    sync: Any = None   # the window's SyncRunner (ui.screens.staff.sync_runner)


ScreenFactory = Callable[[ScreenContext], Screen]

ROUTES: dict[str, Union[ScreenFactory, str]] = {
    "find-help": "ui.screens.findhelp:find_help_screen",
    "council-tax": "ui.screens.counciltax:council_tax_screen",
    "time-bank": "ui.screens.timebank:time_bank_screen",
    "opportunities": "ui.screens.opportunities:opportunities_screen",
    "staff": "ui.screens.staff:staff_screen",
    "outreach": "ui.screens.outreach:outreach_screen",
    "enrol": "ui.screens.enrol:enrol_screen",
    "time-bank-broker": "ui.screens.timebank.broker:broker_screen",
}



def resolve_factory(factory: Union[ScreenFactory, str]) -> ScreenFactory:
    """A route's factory, importing its module now if it was named as ``"module:function"``."""
    if isinstance(factory, str):
        module_name, _, attribute = factory.partition(":")
        return getattr(importlib.import_module(module_name), attribute)
    return factory


__all__ = ["ROUTES", "Screen", "ScreenContext", "ScreenFactory", "resolve_factory"]
