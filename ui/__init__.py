"""PySide6 user interface: all Qt code lives here."""
