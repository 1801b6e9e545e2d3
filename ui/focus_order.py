"""Tab and Shift+Tab in reading order: the header, then the page, then the footer.

Qt's focus chain is the order in which widgets were made. The header and the
footer are made with the window, and every screen or panel a resident opens is
made later, so Qt alone would Tab from the header to the footer and reach the
page only after it; and inside a page, whatever appears later (an error
summary, the Change links of check-your-answers, a card's Print button) would
come after the buttons made before it. ``move_focus`` goes through the regions
in the order they are read, and through each region's controls by where they
are on it: line by line from the top, left to right on a line. It wraps round
at the end, as a web page does.
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

CHAIN_LIMIT = 20_000  # a window has a few hundred widgets; the walk never loops for ever


_TAB_FOCUS = Qt.FocusPolicy.TabFocus.value


def takes_tab(widget: QWidget) -> bool:
    """Whether Tab may stop on ``widget`` now (Qt's own test: shown, policy, enabled, no proxy).
    Plain integers for the policy: this runs for every widget of the window at each Tab."""
    return (widget.isVisible() and bool(widget.focusPolicy().value & _TAB_FOCUS) and widget.isEnabled()
            and widget.focusProxy() is None)


def focus_chain(window: QWidget) -> list[QWidget]:
    """Every widget of ``window`` in Qt's focus-chain order."""
    chain = []
    widget = window.nextInFocusChain()
    while widget is not None and widget is not window and len(chain) < CHAIN_LIMIT:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def _region_of(widget: QWidget, regions: Sequence[QWidget]) -> int:
    for index, region in enumerate(regions):
        if region is widget or region.isAncestorOf(widget):
            return index
    return -1


def same_line(first: QRect, second: QRect) -> bool:
    """Side by side: their heights overlap by at least half the smaller one."""
    overlap = min(first.bottom(), second.bottom()) - max(first.top(), second.top())
    return overlap > 0 and 2 * overlap >= min(first.height(), second.height())


def in_reading_order(widgets: list[QWidget], frame: QWidget) -> list[QWidget]:
    """``widgets`` line by line from the top of ``frame``, left to right on each line (a page's
    controls all scroll together, so where the page is scrolled to changes nothing)."""
    rects = {id(w): QRect(w.mapTo(frame, QPoint(0, 0)), w.size()) for w in widgets}
    lines: list[tuple[QRect, list[QWidget]]] = []
    for widget in sorted(widgets, key=lambda w: rects[id(w)].top()):  # stable: Qt's order breaks ties
        rect = rects[id(widget)]
        if lines and same_line(lines[-1][0], rect):
            lines[-1][1].append(widget)
        else:
            lines.append((rect, [widget]))
    return [w for _first, line in lines for w in sorted(line, key=lambda w: rects[id(w)].left())]


def tab_stops(window: QWidget, regions: Sequence[QWidget]) -> list[QWidget]:
    """What Tab visits, in reading order: region after region, each in reading order."""
    chain = [w for w in focus_chain(window) if takes_tab(w)]
    stops: list[QWidget] = []
    for region in regions:
        stops += in_reading_order([w for w in chain if region is w or region.isAncestorOf(w)], region)
    return stops


def move_focus(window: QWidget, regions: Sequence[QWidget], forward: bool) -> bool:
    """Move the focus one stop on (or back); False when the focus is outside ``regions`` (a
    dialog over the window, say), leaving it to Qt."""
    current = QApplication.focusWidget()
    if current is None or _region_of(current, regions) < 0:
        return False
    stops = tab_stops(window, regions)
    if not stops:
        return False
    if current in stops:
        index = stops.index(current)
        target = stops[(index + (1 if forward else -1)) % len(stops)]
    else:
        # The focus is on something Tab does not stop on, such as the page itself (where a new
        # screen puts it): go to the first stop inside it, or after (before) its region.
        inside = [w for w in stops if current.isAncestorOf(w)]
        region = _region_of(current, regions)
        if inside:
            first = stops.index(inside[0])
            target = stops[first] if forward else stops[first - 1]
        else:
            later = [w for w in stops if _region_of(w, regions) > region]
            earlier = [w for w in stops if _region_of(w, regions) < region]
            if forward:
                target = later[0] if later else stops[0]
            else:
                target = earlier[-1] if earlier else stops[-1]
    target.setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
    reveal(target)
    return True


def reveal(widget: QWidget) -> None:
    """Scroll every scroll area around ``widget`` so that it shows (the focus is never off screen)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget, 24, 24)
        parent = parent.parentWidget()
