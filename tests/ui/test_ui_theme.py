"""Theme tokens: GOV.UK colours, kiosk sizes, text-size scaling, readable contrast."""

from __future__ import annotations

import re

from ui.theme import ASSISTED, KIOSK, TEXT_SIZES, nearest_text_size, stylesheet


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_govuk_colours_are_the_tokens():
    c = KIOSK.colours
    assert (c.text, c.primary, c.link, c.focus, c.error) == ("#0b0c0c", "#00703c", "#1d70b8", "#ffdd00", "#d4351c")
    sheet = stylesheet(KIOSK)
    for colour in (c.text, c.primary, c.link, c.focus, c.error):
        assert colour in sheet


def test_kiosk_is_bigger_than_laptop():
    assert KIOSK.type.body >= 24 and KIOSK.type.small >= 24
    assert KIOSK.touch_target >= 64
    assert ASSISTED.touch_target >= 48


def body_size(sheet: str) -> int:
    return int(re.search(r"\* \{[^}]*font-size: (\d+)px", sheet).group(1))


def test_text_size_steps_scale_the_stylesheet():
    sizes = [body_size(stylesheet(KIOSK, percent)) for percent in TEXT_SIZES]
    assert sizes == sorted(sizes) and sizes[0] == KIOSK.type.body and sizes[-1] >= KIOSK.type.body * 1.5 - 1
    assert nearest_text_size(240) == TEXT_SIZES[-1] and nearest_text_size(80) == TEXT_SIZES[0]


def test_text_and_control_colours_meet_wcag_aa():
    c = KIOSK.colours
    text_pairs = [
        (c.text, c.background), (c.secondary_text, c.background), (c.secondary_text, c.panel),
        (c.link, c.background), (c.error, c.background), (c.button_text, c.primary),
        (c.button_text, c.warning), (c.header_text, c.header), (c.focus_text, c.focus), (c.text, c.panel),
        (c.link, c.panel),
    ]
    for foreground, background in text_pairs:
        assert contrast(foreground, background) >= 4.5, (foreground, background)
