"""Theme tokens: GOV.UK colours, kiosk sizes, text-size scaling, readable contrast."""

from __future__ import annotations

import re

import pytest

from ui.theme import (
    ASSISTED,
    COLOUR_SCHEMES,
    CONTROL_PAIRS,
    HIGH_CONTRAST,
    KIOSK,
    TEXT_PAIRS,
    TEXT_SIZES,
    colour_tokens,
    nearest_text_size,
    stylesheet,
)


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


@pytest.mark.parametrize("scheme", sorted(COLOUR_SCHEMES))
def test_every_token_pair_of_every_scheme_meets_wcag_aa(scheme):
    tokens = colour_tokens(COLOUR_SCHEMES[scheme])
    for pairs, needed in ((TEXT_PAIRS, 4.5), (CONTROL_PAIRS, 3.0)):
        for foreground, background in pairs:
            ratio = contrast(tokens[foreground], tokens[background])
            assert ratio >= needed, (scheme, foreground, background, round(ratio, 2))


def rules(sheet: str) -> list[tuple[str, dict[str, str]]]:
    """(selector, {property: value}) for every rule of a stylesheet."""
    sheet = re.sub(r"/\*.*?\*/", "", sheet, flags=re.S)
    found = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", sheet):
        properties = dict(
            (name.strip(), value.strip()) for name, _, value in
            (part.partition(":") for part in body.split(";")) if value.strip()
        )
        found.append((selector.strip(), properties))
    return found


@pytest.mark.parametrize("scheme", sorted(COLOUR_SCHEMES))
def test_text_colour_set_with_its_background_is_readable_in_every_scheme(scheme):
    # Wherever the stylesheet itself sets a text colour on a background (buttons, tags,
    # tabs, focus), the two meet 4.5:1, pressed and hover states included.
    colours = COLOUR_SCHEMES[scheme]
    checked = 0
    for selector, properties in rules(stylesheet(KIOSK, 100, colours)):
        colour, background = properties.get("color", ""), properties.get("background", "")
        if colour.startswith("#") and background.startswith("#"):
            assert contrast(colour, background) >= 4.5, (scheme, selector, colour, background)
            checked += 1
    assert checked >= 10


@pytest.mark.parametrize("scheme", sorted(COLOUR_SCHEMES))
def test_stylesheet_paints_only_with_its_schemes_tokens(scheme):
    # A colour written into the stylesheet by hand would not follow the high-contrast switch.
    colours = COLOUR_SCHEMES[scheme]
    used = set(re.findall(r"#[0-9a-fA-F]{6}\b", stylesheet(KIOSK, 150, colours)))
    assert used <= set(colour_tokens(colours).values()), used - set(colour_tokens(colours).values())


def test_high_contrast_is_light_on_black():
    sheet = stylesheet(KIOSK, 100, HIGH_CONTRAST)
    page = next(properties for selector, properties in rules(sheet) if selector.startswith("QWidget#shell"))
    assert page["background"] == "#000000"
    assert contrast(HIGH_CONTRAST.text, HIGH_CONTRAST.background) >= 15
    assert contrast(HIGH_CONTRAST.link, HIGH_CONTRAST.background) >= 15
    assert stylesheet(KIOSK, 100) == stylesheet(KIOSK, 100, KIOSK.colours) != sheet
