"""Helpers for the keyboard-only tests: pressing keys, walking the Tab cycle, checking reading order."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from ui_helpers import interactive_widgets, settle

TAB_LIMIT = 300  # more stops than any screen has


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def key(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """One key press and release, sent where a keyboard's would go: the focused widget."""
    target = focused()
    assert target is not None, "nothing has the keyboard focus"
    QTest.keyClick(target, key, modifier)
    settle()


def tab(count: int = 1) -> None:
    """Tab moves the focus at once (and scrolls to it): no need to wait for the event loop."""
    for _ in range(count):
        target = focused()
        assert target is not None, "nothing has the keyboard focus"
        QTest.keyClick(target, Qt.Key.Key_Tab)


def back_tab() -> None:
    key(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)


def type_text(text: str) -> None:
    target = focused()
    assert target is not None
    QTest.keyClicks(target, text)
    settle()


def tab_to(predicate, what: str) -> QWidget:
    """Press Tab until the focus is on a widget ``predicate`` accepts; fails after a whole cycle."""
    for _ in range(TAB_LIMIT):
        widget = focused()
        if widget is not None and predicate(widget):
            return widget
        tab()
    raise AssertionError(f"Tab never reaches {what}")


def tab_to_widget(widget: QWidget, what: str = "") -> QWidget:
    return tab_to(lambda w: w is widget, what or repr(widget))


def activate(widget: QWidget) -> None:
    """Press it with the keyboard: Tab to it, then Space (a button) — never a click."""
    tab_to_widget(widget, getattr(widget, "text", lambda: "")() or widget.accessibleName())
    key(Qt.Key.Key_Space)


def tab_cycle(window: QWidget) -> list[QWidget]:
    """Every stop Tab visits from where the focus is now until it comes round again."""
    stops: list[QWidget] = []
    for _ in range(TAB_LIMIT):
        tab()
        widget = focused()
        assert widget is not None and widget.window() is window, "Tab left the window"
        if stops and widget is stops[0]:
            return stops
        assert widget not in stops, f"Tab loops without coming back to {describe(stops[0])}"
        stops.append(widget)
    raise AssertionError("Tab never comes round")


def describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return f"{type(widget).__name__} {(text or widget.accessibleName())[:40]!r}"


def regions(window) -> list[tuple[str, QWidget, QWidget]]:
    """(name, region, what its positions are measured in): the page by its scrolled content, so
    that a control below the fold is still below the ones above it."""
    page = window.navigator.current
    return [("header", window.header, window.header),
            ("page", page, page.scroll.widget()),
            ("footer", window.footer, window.footer)]


def region_of(widget: QWidget, window) -> tuple[str, QWidget]:
    for name, region, frame in regions(window):
        if region is widget or region.isAncestorOf(widget):
            return name, frame
    raise AssertionError(f"{describe(widget)} is outside the header, the page and the footer")


def frame_rect(widget: QWidget, frame: QWidget) -> QRect:
    return QRect(widget.mapTo(frame, QPoint(0, 0)), widget.size())


def reads_before(first: QRect, second: QRect) -> bool:
    """Reading order: side by side (their heights overlap by half the smaller one or more), left to
    right; otherwise top to bottom."""
    overlap = min(first.bottom(), second.bottom()) - max(first.top(), second.top())
    if overlap > 0 and 2 * overlap >= min(first.height(), second.height()):
        return second.left() > first.left()
    return second.top() > first.top()


def reading_order_problems(window, where: str) -> list[str]:
    """Walk one whole Tab cycle and say where it does not follow reading order: header, page,
    footer, each top to bottom and left to right; and what Tab never reaches."""
    if focused() is None or focused().window() is not window:  # as a code-driven step may leave it
        window.navigator.current.focus_first()
        settle()
    stops = tab_cycle(window)
    problems = []
    names = [region_of(w, window)[0] for w in stops]
    # One pass through each region, in the order header -> page -> footer (round the cycle).
    runs = [name for index, name in enumerate(names) if index == 0 or names[index - 1] != name]
    if len(runs) > 1 and runs[0] == runs[-1]:
        runs.pop()
    order = ["header", "page", "footer"]
    present = [name for name in order if name in runs]
    if len(runs) != len(present) or not any(runs == present[i:] + present[:i] for i in range(len(present))):
        problems.append(f"{where}: Tab goes through {runs}, not header, page, footer")
    for before, after in zip(stops, stops[1:]):
        name_before, frame = region_of(before, window)
        name_after, _ = region_of(after, window)
        if name_before != name_after:
            continue
        if not reads_before(frame_rect(before, frame), frame_rect(after, frame)):
            problems.append(f"{where}: Tab goes from {describe(before)} at {frame_rect(before, frame).topLeft()} "
                            f"to {describe(after)} at {frame_rect(after, frame).topLeft()}, against reading order")
    for widget in interactive_widgets(window):
        if widget in stops:
            continue
        button_group = widget.group() if isinstance(widget, QAbstractButton) else None
        if button_group is not None and any(b in stops for b in button_group.buttons()):
            continue  # one of an exclusive group: Tab reaches the group, the arrow keys the choice
        if isinstance(widget, QAbstractButton) and widget.autoExclusive() and any(
                b in stops for b in widget.parentWidget().findChildren(QAbstractButton)
                if b.autoExclusive() and b.parentWidget() is widget.parentWidget()):
            continue
        problems.append(f"{where}: Tab never reaches {describe(widget)}")
    return problems
