"""The look of the kiosk: named design tokens in one place, and the Qt stylesheet made from them.

Tokens follow the GOV.UK Design System (black text on white, green primary
button, blue links, a bold yellow focus ring, red errors). Sizes are in pixels
at 100 % text size; ``stylesheet`` scales type (and the touch targets with it)
for the text-size control. Widgets pick their style through the ``kind``
dynamic property (``button.setProperty("kind", "primary")``) or their
``objectName``, never through colours of their own.

Two colour schemes: the GOV.UK one and ``HIGH_CONTRAST`` (the header's switch).
The few widgets that paint themselves read ``active_colours()``. What stays black
on white in both: QR codes (phone cameras read dark on light, inside a light quiet
zone) and the previews of printed things (membership card, take-away slip).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from kiosk.paths import resources_dir

# The three text-size steps offered on every screen (percent of the base size).
TEXT_SIZES: tuple[int, ...] = (100, 125, 150)


@dataclass(frozen=True)
class Colours:
    text: str = "#0b0c0c"
    secondary_text: str = "#484949"  # GOV.UK secondary text, darkened to keep AA on the grey panel
    background: str = "#ffffff"
    panel: str = "#f3f2f1"  # light grey: tiles, secondary buttons
    border: str = "#b1b4b6"
    input_border: str = "#0b0c0c"
    link: str = "#1d70b8"
    link_hover: str = "#003078"
    focus: str = "#ffdd00"
    focus_text: str = "#0b0c0c"
    primary: str = "#00703c"  # green: the one main action of a screen
    primary_hover: str = "#005a30"
    primary_shadow: str = "#002d18"
    secondary: str = "#f3f2f1"
    secondary_shadow: str = "#929191"
    warning: str = "#d4351c"  # red: quick exit and destructive actions
    warning_hover: str = "#aa2a16"
    warning_shadow: str = "#55150b"
    error: str = "#d4351c"
    success: str = "#00703c"
    header: str = "#0b0c0c"
    header_text: str = "#ffffff"
    header_stripe: str = "#1d70b8"
    button_text: str = "#ffffff"


# High contrast: white text and yellow links on black, light filled buttons with black
# text, the yellow focus ring kept (switchable on every screen from the header).
HIGH_CONTRAST = Colours(
    text="#ffffff",
    secondary_text="#e8e8e8",
    background="#000000",
    panel="#1f1f1f",
    border="#8a8a8a",
    input_border="#ffffff",
    link="#ffff00",
    link_hover="#ffffff",
    focus="#ffdd00",
    focus_text="#000000",
    primary="#ffffff",
    primary_hover="#d0d0d0",
    primary_shadow="#8a8a8a",
    secondary="#000000",
    secondary_shadow="#ffffff",
    warning="#ff8c8c",
    warning_hover="#ffb3b3",
    warning_shadow="#ffffff",
    error="#ff8c8c",
    success="#7cf29c",
    header="#000000",
    header_text="#ffffff",
    header_stripe="#ffff00",
    button_text="#000000",
)

# Every colour scheme a resident can pick; contrast is checked for each (tests/ui/test_ui_theme.py).
COLOUR_SCHEMES: dict[str, Colours] = {"standard": Colours(), "high-contrast": HIGH_CONTRAST}

# Foreground/background token pairs the stylesheet puts together (directly or by
# inheritance), with the WCAG AA ratio each needs: 4.5 for text, 3 for the edges
# of controls. Pressed states (shown while a finger is down) are left out.
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("text", "background"), ("text", "panel"), ("text", "secondary"),
    ("secondary_text", "background"), ("secondary_text", "panel"),
    ("link", "background"), ("link", "panel"), ("error", "background"), ("success", "background"),
    ("button_text", "primary"), ("button_text", "warning"), ("button_text", "success"),
    ("header_text", "header"), ("focus_text", "focus"),
)
CONTROL_PAIRS: tuple[tuple[str, str], ...] = (
    ("input_border", "background"), ("text", "background"), ("error", "background"),
    ("header_text", "header"), ("link", "panel"), ("focus_text", "focus"),
)

_active_colours: Colours = Colours()


def active_colours() -> Colours:
    """The colours the window shows now, for the few widgets that paint themselves."""
    return _active_colours


def set_active_colours(colours: Colours) -> None:
    global _active_colours
    _active_colours = colours


def colour_tokens(colours: Colours) -> dict[str, str]:
    return {field.name: getattr(colours, field.name) for field in fields(colours)}


@dataclass(frozen=True)
class TypeScale:
    """Font sizes in px at 100 %."""

    body: int
    small: int
    heading_s: int
    heading_m: int
    heading_l: int
    heading_xl: int


@dataclass(frozen=True)
class Spacing:
    """The GOV.UK spacing scale, in px."""

    s1: int = 5
    s2: int = 10
    s3: int = 15
    s4: int = 20
    s6: int = 30
    s8: int = 50
    s9: int = 60


@dataclass(frozen=True)
class Theme:
    name: str
    colours: Colours
    type: TypeScale
    spacing: Spacing
    touch_target: int  # minimum height (and width) of anything a finger can press
    font_families: tuple[str, ...] = ("Arial", "Helvetica", "Liberation Sans", "DejaVu Sans", "sans-serif")
    max_content_width: int = 960  # GOV.UK two-thirds column, roughly: lines stay readable


# A laptop in a forum or on an estate: GOV.UK desktop sizes, 48 px targets.
ASSISTED = Theme(
    name="assisted",
    colours=Colours(),
    type=TypeScale(body=19, small=16, heading_s=19, heading_m=24, heading_l=36, heading_xl=48),
    spacing=Spacing(),
    touch_target=48,
)

# A touch kiosk read standing up: body text at least 24 px, targets at least 64 px.
KIOSK = Theme(
    name="kiosk",
    colours=Colours(),
    type=TypeScale(body=26, small=24, heading_s=26, heading_m=32, heading_l=44, heading_xl=56),
    spacing=Spacing(s1=6, s2=12, s3=18, s4=24, s6=36, s8=56, s9=72),
    touch_target=64,
    max_content_width=1200,
)


def theme_for_mode(mode: str) -> Theme:
    return KIOSK if mode == "kiosk" else ASSISTED


def nearest_text_size(percent: int) -> int:
    """The offered step closest to a stored percentage (settings allow 75..250)."""
    return min(TEXT_SIZES, key=lambda step: abs(step - percent))


def px(value: float, scale: float) -> int:
    return int(round(value * scale))


def target_size(theme: Theme, scale: float = 1.0) -> int:
    """Touch targets grow with the text (never shrink below the mode's minimum)."""
    return max(theme.touch_target, px(theme.touch_target, scale))


def stylesheet(theme: Theme, percent: int = 100, colours: Colours | None = None) -> str:
    """The whole Qt stylesheet for ``theme`` at ``percent`` text size, in ``colours``
    (default: the theme's own; ``HIGH_CONTRAST`` for the high-contrast switch)."""
    c, t, s = colours or theme.colours, theme.type, theme.spacing
    k = percent / 100
    target = target_size(theme, k)
    chevron = (resources_dir() / "styles" / "chevron-down.svg").as_posix()
    families = ", ".join(f'"{f}"' if " " in f else f for f in theme.font_families if f != "sans-serif")
    return f"""
* {{
    font-family: {families};
    font-size: {px(t.body, k)}px;
    color: {c.text};
}}
QWidget#shell, QWidget#screen, QWidget#content, QScrollArea, QScrollArea > QWidget > QWidget,
QStackedWidget {{
    background: {c.background};
}}
QLabel {{ background: transparent; }}
QLabel[kind="heading-xl"] {{ font-size: {px(t.heading_xl, k)}px; font-weight: bold; }}
QLabel[kind="heading-l"] {{ font-size: {px(t.heading_l, k)}px; font-weight: bold; }}
QLabel[kind="heading-m"] {{ font-size: {px(t.heading_m, k)}px; font-weight: bold; }}
QLabel[kind="heading-s"] {{ font-size: {px(t.heading_s, k)}px; font-weight: bold; }}
QLabel[kind="caption"] {{ font-size: {px(t.heading_s, k)}px; color: {c.secondary_text}; }}
QLabel[kind="hint"] {{ color: {c.secondary_text}; }}
QLabel[kind="small"] {{ font-size: {px(t.small, k)}px; color: {c.secondary_text}; }}
QLabel[kind="error-message"] {{ color: {c.error}; font-weight: bold; }}

/* Header: black bar with the hub's name, language, text size and sync status. */
QWidget#header {{
    background: {c.header};
    border-bottom: {px(10, 1)}px solid {c.header_stripe};
}}
QWidget#header QLabel {{ color: {c.header_text}; }}
/* The three text-size buttons show their own sizes, whatever size is chosen. */
QPushButton#textSize100 {{ font-size: {t.body}px; }}
QPushButton#textSize125 {{ font-size: {px(t.body, 1.25)}px; }}
QPushButton#textSize150 {{ font-size: {px(t.body, 1.5)}px; }}
QLabel#hubName {{ font-size: {px(t.heading_m, k)}px; font-weight: bold; }}
QLabel#status {{ font-size: {px(t.small, k)}px; }}
QWidget#header QPushButton {{
    background: {c.header};
    color: {c.header_text};
    border: 2px solid {c.header_text};
    padding: 0 {s.s2}px;
    min-height: {target - 4}px;
    min-width: {target - 4}px;
}}
QWidget#header QPushButton:checked {{
    background: {c.header_text};
    color: {c.header};
}}
QWidget#header QPushButton:focus {{
    background: {c.focus};
    color: {c.focus_text};
    border-color: {c.focus};
}}
QComboBox {{
    background: {c.background};
    color: {c.text};
    border: 2px solid {c.input_border};
    padding: 0 {s.s2}px;
    min-height: {target - 4}px;
    min-width: {8 * t.body}px;
}}
QComboBox:focus {{ border: 3px solid {c.focus}; }}
QComboBox::drop-down {{ width: {target - 8}px; border: none; }}
QComboBox::down-arrow {{ image: url({chevron}); width: {px(t.body, k)}px; height: {px(t.body, k)}px; }}
QComboBox QAbstractItemView {{
    background: {c.background};
    color: {c.text};
    selection-background-color: {c.focus};
    selection-color: {c.focus_text};
}}
QComboBox QAbstractItemView::item {{ min-height: {target}px; }}

/* Footer: Back, Finish, Quick exit on every screen. */
QWidget#footer {{
    background: {c.panel};
    border-top: 1px solid {c.border};
}}

/* Buttons (GOV.UK: flat, square, with a darker bottom edge). */
QPushButton {{
    min-height: {target}px;
    min-width: {target}px;
    padding: 0 {s.s4}px;
    border: none;
    border-radius: 0;
    font-size: {px(t.body, k)}px;
}}
QPushButton[kind="primary"], QPushButton[kind="start"] {{
    background: {c.primary};
    color: {c.button_text};
    border-bottom: 3px solid {c.primary_shadow};
}}
QPushButton[kind="start"] {{ font-weight: bold; font-size: {px(t.heading_m, k)}px; padding: 0 {s.s6}px; }}
QPushButton[kind="primary"]:pressed, QPushButton[kind="start"]:pressed {{ background: {c.primary_hover}; }}
QPushButton[kind="secondary"] {{
    background: {c.secondary};
    color: {c.text};
    border: 1px solid {c.border};
    border-bottom: 3px solid {c.secondary_shadow};
}}
QPushButton[kind="secondary"]:pressed {{ background: {c.border}; }}
QPushButton[kind="warning"] {{
    background: {c.warning};
    color: {c.button_text};
    font-weight: bold;
    border-bottom: 3px solid {c.warning_shadow};
}}
QPushButton[kind="warning"]:pressed {{ background: {c.warning_hover}; }}
QPushButton[kind="link"] {{
    background: transparent;
    color: {c.link};
    text-decoration: underline;
    text-align: left;
    padding: 0 {s.s1}px;
}}
QPushButton[kind="link"]:pressed {{ color: {c.link_hover}; }}
QPushButton[kind="error-link"] {{
    background: transparent;
    color: {c.error};
    font-weight: bold;
    text-decoration: underline;
    text-align: left;
    padding: 0 {s.s1}px;
}}
QPushButton:disabled {{ color: {c.secondary_text}; background: {c.panel}; border: 1px dashed {c.border}; }}

/* Tiles on the start screen: big, calm, one task each. */
QPushButton[kind="tile"] {{
    background: {c.panel};
    border: none;
    border-top: {px(8, 1)}px solid {c.link};
    text-align: left;
    padding: {s.s4}px;
    min-height: {max(target * 3, px(5 * t.heading_l, k))}px;
}}
QPushButton[kind="tile"]:pressed {{ background: {c.border}; }}
QLabel[kind="tile-title"] {{ color: {c.link}; font-size: {px(t.heading_l, k)}px; font-weight: bold; text-decoration: underline; }}
QLabel[kind="tile-text"] {{ color: {c.text}; }}

/* The yellow focus ring, on top of every button kind (last so it wins). */
QPushButton:focus {{
    background: {c.focus};
    color: {c.focus_text};
    border: none;
    border-bottom: 4px solid {c.focus_text};
    outline: none;
}}

/* Form fields. */
QLineEdit {{
    background: {c.background};
    color: {c.text};
    border: 2px solid {c.input_border};
    padding: 0 {s.s1}px;
    min-height: {target - 4}px;
}}
QLineEdit:focus {{ border: 3px solid {c.text}; background: {c.background}; outline: none; }}
QLineEdit[error="true"] {{ border: 3px solid {c.error}; }}
QRadioButton, QCheckBox {{
    min-height: {target}px;
    spacing: {s.s3}px;
    padding: 0 {s.s2}px;
}}
QRadioButton::indicator, QCheckBox::indicator {{
    width: {px(t.heading_l, k)}px;
    height: {px(t.heading_l, k)}px;
    border: 3px solid {c.text};
    background: {c.background};
}}
QRadioButton::indicator {{ border-radius: {px(t.heading_l, k) // 2 + 3}px; }}
QRadioButton::indicator:checked {{
    background: qradialgradient(cx:0.5, cy:0.5, radius:0.5, fx:0.5, fy:0.5,
        stop:0 {c.text}, stop:0.55 {c.text}, stop:0.62 {c.background}, stop:1 {c.background});
}}
QCheckBox::indicator:checked {{ background: {c.text}; }}
QRadioButton:focus, QCheckBox:focus {{ background: {c.focus}; }}

/* Error summary: red box at the top of a question page. */
QFrame#errorSummary {{
    border: 5px solid {c.error};
    background: {c.background};
    padding: {s.s3}px;
}}
QFrame#field {{ border: none; border-left: 5px solid {c.background}; padding-left: {s.s3}px; }}
QFrame#field[error="true"] {{ border-left: 5px solid {c.error}; }}

/* Confirmation panel: green with white text, reference in bold. */
QFrame#confirmationPanel {{
    background: {c.success};
    padding: {s.s6}px;
}}
QFrame#confirmationPanel QLabel {{ color: {c.button_text}; }}
QLabel#reference {{ font-size: {px(t.heading_l, k)}px; font-weight: bold; }}

/* Check your answers: rows divided by a thin grey line. */
QFrame#summaryRow {{ border: none; border-bottom: 1px solid {c.border}; }}

/* Attract screen. */
QWidget#attract {{ background: {c.header}; }}
QWidget#attract QLabel {{ color: {c.header_text}; }}
QWidget#attract QPushButton[kind="language"] {{
    background: {c.header};
    color: {c.header_text};
    border: 2px solid {c.header_text};
    font-size: {px(t.heading_m, k)}px;
    min-width: {px(5 * t.heading_m, k)}px;
    padding: 0 {px(t.heading_m // 2, k)}px;
    min-height: {target + 16}px;
}}
QWidget#attract QPushButton[kind="language"]:focus {{ background: {c.focus}; color: {c.focus_text}; }}

QScrollBar:vertical {{ width: {px(24, 1)}px; background: {c.panel}; }}
QScrollBar::handle:vertical {{ background: {c.secondary_shadow}; min-height: {target}px; }}

/* "Do you need more time?" over the dimmed screen. */
QWidget#timeoutOverlay {{ background: rgba(11, 12, 12, 190); }}
QFrame#timeoutBox {{ background: {c.background}; border: 5px solid {c.text}; }}

/* Find help and the time-bank board: result cards, tags, opening times, inset and warning text. */
QPushButton[kind="result"] {{
    background: {c.background};
    border: none;
    border-top: 1px solid {c.border};
    text-align: left;
    padding: 0;
    min-height: 0px;
}}
QPushButton[kind="result"]:pressed {{ background: {c.panel}; }}
QPushButton[kind="result"]:focus {{ background: {c.focus}; border-bottom: 4px solid {c.focus_text}; }}
QLabel[kind="result-name"] {{ color: {c.link}; font-weight: bold; text-decoration: underline; }}
QLabel[kind="tag"] {{ background: {c.primary}; color: {c.button_text}; font-weight: bold; padding: 2px 10px; }}
QLabel[kind="open"] {{ color: {c.success}; font-weight: bold; }}
QLabel[kind="closed"] {{ font-weight: bold; }}
QFrame#warningText {{ border: none; border-left: 8px solid {c.warning}; padding-left: 16px; }}
QFrame#insetText {{ border: none; border-left: 8px solid {c.border}; padding-left: 16px; }}
QFrame#filters {{ background: {c.panel}; padding: 12px; }}

/* Tabs: a grey button, the chosen one plain with a thick bar beneath (GOV.UK tabs, touch-sized). */
QPushButton[kind="tab"] {{ background: {c.panel}; color: {c.link}; text-decoration: underline; }}
QPushButton[kind="tab"]:checked {{
    background: {c.background}; color: {c.text}; text-decoration: none; font-weight: bold;
    border-bottom: 6px solid {c.text};
}}
QPushButton[kind="tab"]:focus {{ background: {c.focus}; color: {c.focus_text}; }}
"""
