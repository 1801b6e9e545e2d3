"""A small component kit after the GOV.UK Design System, for the task flows to compose.

- ``ui.govuk.basics``: self-translating ``Label``, ``Button`` (primary, secondary, warning,
  start, link), ``Tile``.
- ``ui.govuk.question``: ``Question``, ``Choice``, ``QuestionPage``, ``ErrorSummary``.
- ``ui.govuk.summary``: ``CheckAnswers``, ``ConfirmationPanel``.
- ``ui.govuk.flow``: ``FlowSpec`` and ``FlowScreen`` (questions → check answers → confirmation).
"""
