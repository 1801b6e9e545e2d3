"""Time-bank device settings (declared once; read through ``kiosk.settings.Settings``)."""

from __future__ import annotations

from kiosk.settings import OPTIONS, Option, declare


def _declare(option: Option) -> None:
    # The package may be imported again under test reloads; declare once.
    if option.name not in OPTIONS:
        declare(option)


_declare(Option("timebank_offline_spend_cap_minutes", int, 600,
                "Most minutes one member may spend or donate on this device before the council confirms.",
                minimum=0, maximum=100_000))
_declare(Option("timebank_offline_spend_count_limit", int, 5,
                "Most spends or donations per member on this device before the council confirms.",
                minimum=0, maximum=1000))
_declare(Option("timebank_pin_attempts", int, 5,
                "Wrong PINs in a row before a member's card is locked on this device for a while.",
                minimum=1, maximum=20))
