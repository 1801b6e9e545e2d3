"""Screens, and the routes that name them.

A task issue replaces its placeholder by changing one entry of ``ROUTES``: the
factory receives the ``ScreenContext`` (database, settings, mode) and returns a
``Screen``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sqlite_utils import Database

from kiosk.i18n import N_
from kiosk.settings import Settings
from ui.screens.base import Screen
from ui.screens.placeholder import ComingSoonScreen


@dataclass
class ScreenContext:
    db: Database
    settings: Settings
    mode: str


ScreenFactory = Callable[[ScreenContext], Screen]

ROUTES: dict[str, ScreenFactory] = {
    "find-help": lambda ctx: ComingSoonScreen(
        N_("Find help"), N_("Search for services near you, and take the details away.")),
    "council-tax": lambda ctx: ComingSoonScreen(
        N_("Council tax"), N_("Check what you will pay, pay, tell us you are moving, and ask for a discount.")),
    "time-bank": lambda ctx: ComingSoonScreen(
        N_("Time bank"), N_("Join the time bank, record the hours you give, and spend your credits.")),
    "staff": lambda ctx: ComingSoonScreen(
        N_("Staff"), N_("Sign in with your staff PIN to see sync status, approvals and settings.")),
}

__all__ = ["ROUTES", "Screen", "ScreenContext", "ScreenFactory"]
