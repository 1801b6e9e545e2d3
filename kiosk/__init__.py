"""Co-op Kiosk domain core and local storage. Imports no Qt."""

__version__ = "0.1.0"
