"""The time-bank area's panels: the shared ones (``ui.screens.panels``), with the
page's words at the top and white space below them."""

from __future__ import annotations

from ui.screens.panels import Panel as _Panel
from ui.screens.panels import PanelStack

__all__ = ["Panel", "PanelStack"]


class Panel(_Panel):
    stretch_to_fill = True
