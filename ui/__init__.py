"""PySide6 user interface: all Qt code lives here."""

import sys


def _make_singletons_immortal() -> None:
    """Work around a reference-count bug in PySide6 6.12 on CPython 3.11.

    Every call of a Qt method that returns nothing (``setText``, ``clear``, ...)
    drops a reference to ``None`` that it never took, and every signal ``emit``
    one to ``True``. On CPython 3.12+ these are immortal (PEP 683) so nothing
    happens; on 3.11 their counts fall to zero after some thousands of calls and
    the interpreter aborts ("none_dealloc: deallocating None", "bool_dealloc") —
    a kiosk would crash within the hour. They are static objects that are never
    freed, so giving them counts too large to ever reach zero is what 3.12 does
    and is safe. tests/ui/test_none_refcount.py proves a long day of calls survives.
    """
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    import ctypes

    for singleton in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        if refcount.value < 1 << 40:
            refcount.value += 1 << 40


_make_singletons_immortal()
