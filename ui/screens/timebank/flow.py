"""A time-bank task as a GOV.UK flow: one question per page → check your answers → confirmation.

``Step`` says what to ask (a kit ``Question``) and how the core reads the
answer (``parse``, which raises ``TimeBankError``: its translated message is
shown on the page, so the screen accepts exactly what the core accepts).
``FlowPanel`` runs the steps, skipping those whose ``show_if`` is false, shows
the check page (with a PIN box when the member must agree, as for spending),
calls ``submit`` and shows the confirmation. A refusal from the core at submit
goes back to the page of the answer it is about (``error_keys``), or is shown
on the check page with nothing lost.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.i18n import N_, _
from kiosk.timebank.errors import TimeBankError
from ui.govuk.basics import Button, Label, LinkButton, Text, resolve
from ui.govuk.question import InvalidAnswer, Question, QuestionPage, display_value
from ui.govuk.summary import CheckAnswers, ConfirmationPanel
from ui.govuk.wrapping import WrappingChoiceInput, use_wrapping_summary
from ui.screens.timebank.panel import Panel

log = logging.getLogger(__name__)

Answers = dict[str, Any]
PIN_ERRORS = ("pin_wrong", "pin_locked", "pin_not_set", "pin_format", "pin_not_payer")


@dataclass(frozen=True)
class Step:
    question: Question
    parse: Callable[[Any, Answers], Any] | None = None  # the core's reading; raises TimeBankError
    show_if: Callable[[Answers], bool] | None = None
    display: Callable[[Any], str] | None = None  # the check-answers text (default: the kit's)
    secret: bool = False  # a PIN: masked, never shown back
    digits: bool = False  # numeric keypad
    max_length: int = 0
    width_chars: int = 0
    make_input: Callable[[Question], QWidget] | None = None  # another kit input (check boxes)
    in_summary: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.question.key

    def visible(self, answers: Answers) -> bool:
        return self.show_if is None or bool(self.show_if(answers))


def secure_edit(edit: QLineEdit, *, secret: bool = False, digits: bool = False, max_length: int = 0) -> None:
    """A PIN box: dots instead of digits, no predictive text or keyboard learning, digit keypad."""
    hints = Qt.InputMethodHint.ImhNone
    if secret:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        hints |= Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText
    if digits or secret:
        hints |= Qt.InputMethodHint.ImhDigitsOnly
    edit.setInputMethodHints(hints)
    if max_length:
        edit.setMaxLength(max_length)


class FitsWidth:
    """A page whose size hint is the height its wrapped words need at its width: a layout with room
    to spare gives a widget its size hint, and a label's own hint assumes a narrower line."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        layout = self.layout()
        if self.width() > 0 and layout is not None and layout.hasHeightForWidth():
            return QSize(hint.width(), max(hint.height(), layout.totalHeightForWidth(self.width())))
        return hint


class StepPage(FitsWidth, QuestionPage):
    """The kit's question page, reading its answer through the step's ``parse``."""

    def __init__(self, step: Step, caption: Text, answers: Callable[[], Answers]):
        self.step = step
        self._answers = answers
        self._core_error: str | None = None  # a refusal found after Continue (e.g. a wrong PIN)
        super().__init__(step.question, caption=caption)
        use_wrapping_summary(self)  # the core's messages can be longer than a line
        make_input = step.make_input
        if make_input is None and step.question.kind in ("radio", "yesno"):
            make_input = WrappingChoiceInput  # long choices wrap instead of running off the screen
        if make_input is not None:
            old = self.input
            self.input = make_input(step.question)
            self.field.layout().replaceWidget(old, self.input)
            old.setParent(None)
            old.deleteLater()
            self.heading.setBuddy(self.input.first_focus())
        if step.extra.get("hint_kind"):  # e.g. a consent statement is read, not a hint to skim
            self.hint.setProperty("kind", step.extra["hint_kind"])
        edit = self.input.first_focus()
        if isinstance(edit, QLineEdit):
            secure_edit(edit, secret=step.secret, digits=step.digits, max_length=step.max_length)
            if step.width_chars:
                edit.setMaximumWidth(step.width_chars * 30 + 40)
        self.retranslate()

    def value(self) -> Any:
        raw = self.input.value()
        if raw is None or self.step.parse is None:
            return raw
        try:
            return self.step.parse(raw, self._answers())
        except TimeBankError as exc:
            raise InvalidAnswer(exc.message) from None

    def check(self) -> str | None:
        return self._core_error or super().check()

    def refuse(self, message: str) -> None:
        """Show a refusal that reading the answer alone could not find."""
        self._core_error = message
        self.show_error(message)
        self.summary.links[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def validate(self) -> bool:
        self._core_error = None
        return super().validate()

    def clear(self) -> None:
        self._core_error = None
        super().clear()


def refit(page: QWidget) -> None:
    """Forget the sizes a page's layouts worked out before it was styled (a page made while hidden is
    measured before the stylesheet's fonts apply, and its wrapped texts were then cut off)."""
    page.ensurePolished()
    for widget in [page, *page.findChildren(QWidget)]:
        widget.ensurePolished()
        if widget.layout() is not None:
            widget.layout().invalidate()
        widget.updateGeometry()


class ProblemBox(QFrame):
    """A GOV.UK error summary whose message wraps (core messages can be long), with a way to fix it."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("errorSummary")
        column = QVBoxLayout(self)
        column.setSpacing(8)
        self.heading = Label(N_("There is a problem"), "heading-m")
        self._message = ""
        self.message = Label(lambda: self._message, "error-message")
        self.fix = LinkButton(N_("Change this answer"))
        for widget in (self.heading, self.message, self.fix):
            column.addWidget(widget)
        self.setVisible(False)
        self._target: Callable[[], None] | None = None
        self.fix.clicked.connect(lambda: self._target() if self._target else None)

    def show_problem(self, message: str, fix: Callable[[], None] | None = None) -> None:
        self._message = message
        self.message.retranslate()
        self._target = fix
        self.fix.setVisible(fix is not None)
        self.setAccessibleName(f"{self.heading.text()}: {message}")
        self.setVisible(True)

    def clear(self) -> None:
        self._message = ""
        self._target = None
        self.message.retranslate()
        self.setVisible(False)


class CheckPage(FitsWidth, QWidget):
    def __init__(self, heading: Text, submit_label: Text, *, agree_with_pin: bool):
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(24)
        self.problem = ProblemBox()
        self.heading = Label(heading, "heading-l")
        self.answers = CheckAnswers()
        for widget in (self.problem, self.heading, self.answers):
            column.addWidget(widget)
        self.pin: QLineEdit | None = None
        if agree_with_pin:
            box = QFrame()
            box.setObjectName("field")
            box_column = QVBoxLayout(box)
            box_column.setContentsMargins(0, 0, 0, 0)
            box_column.setSpacing(8)
            self.pin_label = Label(N_("Enter your PIN to agree"), "heading-m")
            self.pin_hint = Label(N_("The 4 to 6 digits you chose when you joined. Nobody else sees them."), "hint")
            self.pin = QLineEdit()
            secure_edit(self.pin, secret=True, max_length=6)
            self.pin.setMaximumWidth(6 * 30 + 40)
            self.pin_label.setBuddy(self.pin)
            for widget in (self.pin_label, self.pin_hint, self.pin):
                box_column.addWidget(widget)
            column.addWidget(box)
        self.submit_button = Button(submit_label, "primary")
        row = QHBoxLayout()
        row.addWidget(self.submit_button)
        row.addStretch(1)
        column.addLayout(row)
        if self.pin is not None:
            self.pin.returnPressed.connect(self.submit_button.click)
        self.retranslate()

    def retranslate(self) -> None:
        if self.pin is not None:
            self.pin.setAccessibleName(_("Your PIN"))
            self.pin.setAccessibleDescription(self.pin_label.text())


class ConfirmationPage(FitsWidth, QWidget):
    def __init__(self, title: Text, next_steps: Text, done_label: Text):
        super().__init__()
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(24)
        self.panel = ConfirmationPanel(title, next_steps)
        self.column.addWidget(self.panel)
        self.extra = QVBoxLayout()  # what a flow adds (the membership card)
        self.extra.setSpacing(24)
        self.column.addLayout(self.extra)
        self.done_button = Button(done_label, "secondary")
        row = QHBoxLayout()
        row.addWidget(self.done_button)
        row.addStretch(1)
        self.column.addLayout(row)


class FlowPanel(Panel):
    """Runs ``steps``; ``submit(answers, pin)`` records and returns the reference to show."""

    def __init__(
        self,
        host,
        *,
        title: Text,
        steps: tuple[Step, ...],
        submit: Callable[[Answers, str | None], str],
        confirmation_title: Text,
        next_steps: Text,
        submit_label: Text = N_("Accept and send"),
        check_heading: Text = N_("Check your answers"),
        done_label: Text = N_("Back to your time bank"),
        agree_with_pin: bool = False,
        error_keys: dict[str, str] | None = None,
    ):
        super().__init__(host)
        self.title = title
        self.steps = steps
        self._submit_fn = submit
        self.error_keys = dict(error_keys or {})
        self.answers: Answers = {}
        self.reference = ""
        self.history: list[QWidget] = []
        self._returning_to_check = False
        self.pages: dict[str, StepPage] = {}
        for step in steps:
            page = StepPage(step, title, lambda: dict(self.answers))
            page.continued.connect(lambda page=page: self._continue(page))
            page.setVisible(False)
            self.column.addWidget(page)
            self.pages[step.key] = page
        self.check_page = CheckPage(check_heading, submit_label, agree_with_pin=agree_with_pin)
        self.check_page.answers.change_requested.connect(self.change)
        self.check_page.submit_button.clicked.connect(self._submit)
        self.confirmation = ConfirmationPage(confirmation_title, next_steps, done_label)
        self.confirmation.done_button.clicked.connect(self.done)
        self._shown: QWidget | None = None
        for page in (self.check_page, self.confirmation):
            page.setVisible(False)
            self.column.addWidget(page)
        first = self._next_step(None)
        self._show(self.pages[first.key] if first else self.check_page)

    # Where we are ------------------------------------------------------------------------

    @property
    def current_page(self) -> QWidget:
        return self.history[-1]

    def page_for(self, key: str) -> StepPage:
        return self.pages[key]

    def _show(self, page: QWidget, *, remember: bool = True) -> None:
        if self._shown is not None and self._shown is not page:
            self._shown.setVisible(False)
        page.setVisible(True)
        self._shown = page
        refit(page)
        self.updateGeometry()  # the height this panel needs is now this page's (see Panel.minimumSizeHint)
        if remember:
            self.history.append(page)
        self.host.scroll.verticalScrollBar().setValue(0)
        self.focus_first()

    def focus_first(self) -> None:
        page = self.history[-1] if self.history else None
        if isinstance(page, StepPage):
            page.input.first_focus().setFocus(Qt.FocusReason.OtherFocusReason)
        elif page is self.check_page and self.check_page.pin is not None:
            self.check_page.pin.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            super().focus_first()

    def _visible_steps(self) -> list[Step]:
        return [step for step in self.steps if step.visible(self.answers)]

    def _next_step(self, after: str | None) -> Step | None:
        keys = [step.key for step in self.steps]
        start = 0 if after is None else keys.index(after) + 1
        for step in self.steps[start:]:
            if step.visible(self.answers):
                return step
        return None

    # Moving through ----------------------------------------------------------------------

    def _continue(self, page: StepPage) -> None:
        if not page.validate():
            return
        self.answers[page.step.key] = page.value()
        for key in page.step.extra.get("resets", ()):  # e.g. a new PIN must be typed twice again
            self.answers.pop(key, None)
            self.pages[key].clear()
        # Answers of questions that no longer apply are forgotten (they would be stale).
        for step in self.steps:
            if step.key in self.answers and not step.visible(self.answers):
                del self.answers[step.key]
                self.pages[step.key].clear()
        if self._returning_to_check:
            missing = next((s for s in self._visible_steps() if s.key not in self.answers), None)
            if missing is None:
                self._show_check()
            else:
                self._show(self.pages[missing.key])
            return
        following = self._next_step(page.step.key)
        if following is None:
            self._show_check()
        else:
            self._show(self.pages[following.key])

    def _show_check(self) -> None:
        self._returning_to_check = False
        rows = []
        for step in self._visible_steps():
            if not step.in_summary:
                continue
            value = self.answers.get(step.key)
            rows.append((step.key, step.question.summary_label or step.question.label,
                         lambda step=step, value=value: self.display(step, value)))
        self.check_page.problem.clear()
        self.check_page.answers.set_rows(rows)
        if self.check_page.pin is not None:
            self.check_page.pin.clear()
        self._show(self.check_page)

    @staticmethod
    def display(step: Step, value: Any) -> str:
        if step.secret:
            return _("Chosen (not shown)") if value else _("Not given")
        if value is None or value == [] or value == "":
            return _("Not given")
        if step.display is not None:
            return step.display(value)
        return display_value(step.question, value)

    def change(self, key: str) -> None:
        self._returning_to_check = True
        self._show(self.pages[key])

    def _submit(self) -> None:
        button = self.check_page.submit_button
        pin = None
        if self.check_page.pin is not None:
            pin = self.check_page.pin.text().strip()
            self.check_page.pin.clear()  # never kept, whatever happens next
        button.setEnabled(False)  # one tap, one exchange
        try:
            self.reference = self._submit_fn(dict(self.answers), pin)
        except TimeBankError as exc:
            self._refused(exc)
            return
        except Exception:  # noqa: BLE001 - never a traceback to the resident
            log.exception("time-bank flow %s could not be saved", resolve(self.title))
            self._problem(_("Sorry, that did not work. Your answers are still here: try again, or ask a "
                            "member of staff."))
            return
        finally:
            button.setEnabled(True)
        self.confirmation.panel.set_reference(self.reference)
        self.confirmation.panel.retranslate()
        self.history.clear()
        self.submitted()
        self._show(self.confirmation)

    def submitted(self) -> None:
        """After a successful submit, before the confirmation shows (subclasses add to it)."""

    def _refused(self, exc: TimeBankError) -> None:
        key = self.error_keys.get(exc.code)
        if key is not None and key in self.pages:
            self._problem(exc.message, fix=lambda: self._fix(key, exc.message))
        elif exc.code in PIN_ERRORS and self.check_page.pin is not None:
            self._problem(exc.message, focus=self.check_page.pin)
        else:
            self._problem(exc.message)

    def _problem(self, message: str, *, fix: Callable[[], None] | None = None, focus: QWidget | None = None) -> None:
        self.check_page.problem.show_problem(message, fix)
        self.host.scroll.verticalScrollBar().setValue(0)
        target = focus or (self.check_page.problem.fix if fix else self.check_page.submit_button)
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fix(self, key: str, message: str) -> None:
        self.change(key)
        self.pages[key].refuse(message)

    def done(self) -> None:
        self.host.close_top()

    def go_back(self) -> bool:
        if not self.history or self.current_page is self.confirmation or len(self.history) == 1:
            return False
        self.history.pop()
        previous = self.history[-1]
        if previous is self.check_page:
            self._returning_to_check = False
        self._show(previous, remember=False)
        return True

    def wipe(self) -> None:
        self.answers.clear()
        self.reference = ""
        for page in self.pages.values():
            page.clear()
        self.check_page.answers.set_rows([])
        self.check_page.problem.clear()
        self.confirmation.panel.set_reference("")
        super().wipe()
