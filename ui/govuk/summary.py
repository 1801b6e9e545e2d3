"""GOV.UK check-your-answers list and confirmation panel."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QVBoxLayout, QWidget

from kiosk.i18n import N_, _
from ui.govuk.basics import Label, LinkButton, Text, Translatable


class CheckAnswers(QWidget, Translatable):
    """Rows of question / answer / Change; ``change_requested(key)`` when a Change link is pressed."""

    change_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(0)
        self.grid.setVerticalSpacing(0)
        self.grid.setColumnStretch(0, 2)
        self.grid.setColumnStretch(1, 3)
        self.rows: list[tuple[str, Text, Text, Label, Label, QWidget]] = []

    def set_rows(self, rows: list[tuple[str, Text, Text]]) -> None:
        """``rows``: (key, question text, answer text) — texts may be functions for live translation."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.rows = []
        for index, (key, question, answer) in enumerate(rows):
            name = Label(question, "heading-s")
            value = Label(answer)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            change = LinkButton(N_("Change"))
            change.clicked.connect(lambda _checked=False, key=key: self.change_requested.emit(key))
            for column, widget in enumerate((name, value, change)):
                cell = QFrame()
                cell.setObjectName("summaryRow")
                layout = QVBoxLayout(cell)
                layout.setContentsMargins(0, 14, 30 if column < 2 else 0, 14)
                layout.addWidget(widget)
                self.grid.addWidget(cell, index, column)
            self.rows.append((key, question, answer, name, value, change))
        self.retranslate()

    def change_link(self, key: str) -> LinkButton:
        for row_key, *_rest, change in self.rows:
            if row_key == key:
                return change
        raise KeyError(key)

    def answer_text(self, key: str) -> str:
        for row_key, _q, _a, _name, value, _change in self.rows:
            if row_key == key:
                return value.text()
        raise KeyError(key)

    def retranslate(self) -> None:
        for _key, _question, _answer, name, value, change in self.rows:
            name.retranslate()
            value.retranslate()
            change.retranslate()
            # "Change" alone says nothing to a screen reader: name the answer it changes.
            change.setAccessibleName(_("Change {question}").format(question=name.text()))


class ConfirmationPanel(QWidget, Translatable):
    """Green panel with the title and reference number, then "What happens next"."""

    def __init__(self, title: Text, next_steps: Text, parent: QWidget | None = None):
        super().__init__(parent)
        self._reference = ""
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(24)
        self.panel = QFrame()
        self.panel.setObjectName("confirmationPanel")
        panel_column = QVBoxLayout(self.panel)
        panel_column.setSpacing(12)
        self.title = Label(title, "heading-xl")
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.reference_caption = Label(N_("Your reference number"), "heading-m")
        self.reference_caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.reference = Label(lambda: self._reference)
        self.reference.setObjectName("reference")
        self.reference.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.reference.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        for label in (self.title, self.reference_caption, self.reference):
            panel_column.addWidget(label)
        column.addWidget(self.panel)
        self.next_heading = Label(N_("What happens next"), "heading-m")
        self.next_steps = Label(next_steps)
        column.addWidget(self.next_heading)
        column.addWidget(self.next_steps)
        column.addStretch(1)

    def set_reference(self, reference: str) -> None:
        self._reference = reference
        self.reference.retranslate()

    @property
    def reference_number(self) -> str:
        return self._reference

    def retranslate(self) -> None:
        for label in (self.title, self.reference_caption, self.reference, self.next_heading, self.next_steps):
            label.retranslate()
        self.panel.setAccessibleName(f"{self.title.text()}. {self.reference_caption.text()}: {self._reference}")

    def set_texts(self, title: Text, next_steps: Text) -> None:
        self.title.set_source(title)
        self.next_steps.set_source(next_steps)
