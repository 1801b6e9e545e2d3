"""Pieces the board's panels share: tab buttons, an entry's card, its lines of text."""

from __future__ import annotations

from typing import Any

from kiosk.i18n import _
from kiosk.timebank import numbers
from kiosk.timebank import opportunities as op
from ui.govuk.basics import Button, Text


def local_style() -> str:
    """Nothing of its own now: the tabs' colours are in ui/theme.py (``kind="tab"``), so they
    follow the high-contrast switch."""
    return ""


class TabButton(Button):
    def __init__(self, text: Text):
        super().__init__(text, "tab")
        self.setCheckable(True)

    def retranslate(self) -> None:
        super().retranslate()
        # A screen reader hears which tab is open; sighted people see the bar.
        self.setAccessibleDescription(_("Selected") if self.isChecked() else "")


def poster_text(item: dict[str, Any], *, with_from: bool = True) -> str:
    """Who posted it, as the public board says it: a first name and member number, or an organisation."""
    if item["kind"] == "opportunity":
        return _("From {organisation}").format(organisation=item["poster_name"]) if with_from else item["poster_name"]
    return _("{name}, member {number}").format(name=item["poster_name"],
                                               number=numbers.format_number(item["poster_number"]))


def kind_text(item: dict[str, Any]) -> str:
    return _(op.KIND_LABELS[item["kind"]])


def summary_lines(item: dict[str, Any], category_label: str) -> list[str]:
    lines = [poster_text(item), category_label]
    when = op.when_text(item)
    if when:
        lines.append(when)
    if item.get("place"):
        lines.append(item["place"])
    if item["status"] == "withdrawn":
        lines.append(_("No longer on the board"))
    return lines


def clear_layout(layout) -> None:
    while layout.count():
        child = layout.takeAt(0)
        widget = child.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()


__all__ = ["TabButton", "clear_layout", "kind_text", "local_style", "poster_text", "summary_lines"]
