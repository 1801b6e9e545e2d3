"""Device settings, declared once with type and default (in the manner of Picard).

Values live in the device database's ``settings`` table as JSON. Reading an
unset option gives its default; writing checks the type and the allowed
choices, so a bad value never reaches the file.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from kiosk.i18n import _

if TYPE_CHECKING:
    from sqlite_utils import Database

SETTINGS_VERSION = 1


class SettingError(ValueError):
    pass


@dataclass(frozen=True)
class Option:
    name: str
    type: type
    default: Any
    doc: str
    choices: tuple[Any, ...] | None = None
    minimum: int | None = None
    maximum: int | None = None
    default_factory: Callable[[], Any] | None = field(default=None, compare=False)

    def check(self, value: Any) -> Any:
        if self.type is bool and not isinstance(value, bool):
            raise SettingError(_("{name}: expected true or false, got {value}").format(name=self.name, value=value))
        if self.type is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise SettingError(_("{name}: expected a whole number, got {value}").format(name=self.name, value=value))
        if self.type is str and not isinstance(value, str):
            raise SettingError(_("{name}: expected text, got {value}").format(name=self.name, value=value))
        if self.choices is not None and value not in self.choices:
            raise SettingError(_("{name}: {value} is not one of {choices}").format(
                name=self.name, value=value, choices=", ".join(map(str, self.choices))))
        if self.minimum is not None and value < self.minimum:
            raise SettingError(_("{name}: {value} is below {minimum}").format(
                name=self.name, value=value, minimum=self.minimum))
        if self.maximum is not None and value > self.maximum:
            raise SettingError(_("{name}: {value} is above {maximum}").format(
                name=self.name, value=value, maximum=self.maximum))
        return value

    def parse(self, text: str) -> Any:
        """Turn command-line text into a value of this option's type."""
        if self.type is bool:
            lowered = text.strip().lower()
            if lowered in ("1", "true", "yes", "on"):
                return True
            if lowered in ("0", "false", "no", "off"):
                return False
            raise SettingError(_("{name}: expected true or false, got {value}").format(name=self.name, value=text))
        if self.type is int:
            try:
                return int(text)
            except ValueError:
                raise SettingError(_("{name}: expected a whole number, got {value}").format(
                    name=self.name, value=text)) from None
        return text


OPTIONS: dict[str, Option] = {}


def declare(option: Option) -> Option:
    if option.name in OPTIONS:
        raise ValueError(f"setting {option.name} declared twice")
    OPTIONS[option.name] = option
    return option


MODES = ("kiosk", "assisted", "outreach")


def _new_device_id() -> str:
    import uuid  # with its platform probe, only the first start needs it

    return str(uuid.uuid4())


declare(Option("device_id", str, "", "This device's UUID, made on first start.",
               default_factory=_new_device_id))
declare(Option("device_mode", str, "assisted", "kiosk, assisted or outreach.", choices=MODES))
declare(Option("hub_name", str, "Community access point", "Shown in the header and on the attract screen."))
declare(Option("hub_id", str, "", "The hub this device belongs to (from enrolment)."))
declare(Option("council_url", str, "", "Base URL of the council service; empty means offline only."))
declare(Option("idle_timeout_seconds", int, 120, "Seconds without a touch before the session-end warning.",
               minimum=20, maximum=3600))
declare(Option("default_language", str, "en", "Language a new session starts in."))
declare(Option("text_scale_percent", int, 100, "Text size of a new session.", minimum=75, maximum=250))
declare(Option("sync_interval_seconds", int, 60, "Seconds between background sync cycles.",
               minimum=5, maximum=86400))
declare(Option("council_public_key", str, "",
               "The council's public key that personal data is sealed to (from enrolment and sync)."))
declare(Option("staff_idle_timeout_seconds", int, 600,
               "Seconds without a touch before a signed-in member of staff is signed out.",
               minimum=60, maximum=3600))
declare(Option("payment_url_template", str,
               "https://pay.example.council.gov.uk/council-tax?ref={reference}&amount={amount}",
               "Council payment page; {reference} and {amount} are filled in."))

declare(Option("watchdog_seconds", int, 30,
               "Seconds the kiosk screen may stay frozen before the kiosk restarts itself; 0 turns this off.",
               minimum=0, maximum=600))

# Versioned upgrades: SETTINGS_VERSION n is reached by running UPGRADES[n].
UPGRADES: dict[int, Callable[["Settings"], None]] = {}


class Settings:
    """Typed access to one device's settings."""

    def __init__(self, db: Database):
        self.db = db
        self._upgrade()

    def _raw(self, name: str) -> Any:
        rows = list(self.db.query("select value from settings where key = ?", [name]))
        return json.loads(rows[0]["value"]) if rows else None

    def _write(self, name: str, value: Any) -> None:
        from kiosk import timeutil  # not at import: the first paint reads settings, never writes

        with self.db.atomic():
            self.db["settings"].upsert(
                {"key": name, "value": json.dumps(value), "updated_at": timeutil.now_iso()}, pk="key"
            )

    def _upgrade(self) -> None:
        version = self._raw("_settings_version") or 0
        if version == 0:
            self._write("_settings_version", SETTINGS_VERSION)
            return
        while version < SETTINGS_VERSION:
            version += 1
            UPGRADES[version](self)
            self._write("_settings_version", version)

    def __getitem__(self, name: str) -> Any:
        option = OPTIONS[name]
        value = self._raw(name)
        if value is None:
            return self._unset(option)
        try:
            return option.check(value)
        except SettingError:
            return option.default

    def _unset(self, option: Option) -> Any:
        if option.default_factory is not None:
            value = option.default_factory()
            self._write(option.name, value)
            return value
        return option.default

    def __setitem__(self, name: str, value: Any) -> None:
        option = OPTIONS.get(name)
        if option is None:
            raise SettingError(_("unknown setting {name}").format(name=name))
        self._write(name, option.check(value))

    def set_from_text(self, name: str, text: str) -> Any:
        option = OPTIONS.get(name)
        if option is None:
            raise SettingError(_("unknown setting {name}").format(name=name))
        value = option.parse(text)
        self[name] = value
        return value

    def as_dict(self) -> dict[str, Any]:
        return {name: self[name] for name in OPTIONS}


class SettingsSnapshot(Settings):
    """The device's settings as they were when read, without sqlite-utils: what the kiosk
    needs to paint its first screen (mode, hub name, language, text size) before the store
    opens. Read-only; unset options give their defaults."""

    def __init__(self, values: dict[str, Any]):
        self._values = values

    @classmethod
    def read(cls, path: str | Path) -> "SettingsSnapshot":
        path = Path(path)
        values: dict[str, Any] = {}
        if path.exists():
            try:
                # Read-only, so a first start never creates a half-made file here.
                conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
                try:
                    rows = conn.execute("select key, value from settings").fetchall()
                finally:
                    conn.close()
                values = {key: json.loads(value) for key, value in rows}
            except (sqlite3.Error, ValueError):
                values = {}  # no settings table yet, or a damaged row: defaults until the store opens
        return cls(values)

    def _raw(self, name: str) -> Any:
        return self._values.get(name)

    def _write(self, name: str, value: Any) -> None:
        raise SettingError(_("settings cannot be changed before the device database is open"))

    def _unset(self, option: Option) -> Any:
        return option.default  # a made-on-first-use value (the device id) waits for the store
