"""One error type for everything the time-bank core refuses.

``message`` is already translated (``kiosk.i18n._``) so the UI shows it as it is;
``code`` is stable and machine-readable (tests, the CSV report, the server).
"""

from __future__ import annotations


class TimeBankError(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
