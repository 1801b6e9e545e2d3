"""The device token, kept in the operating system's keyring (``keyring``).

Service name ``coop-kiosk``, user name the device id. A device refuses to
enrol or sync when the only keyring available is not secure: keyring's
``fail``/``null`` backends, or a plaintext/file backend picked up by accident.

The one way round that is to *name* a backend explicitly in the environment
variable ``KIOSK_KEYRING_BACKEND`` (a dotted class path). CI, the tests and
``kiosk demo`` name ``keyrings.alt.file.PlaintextKeyring``; a named file backend
keeps its file inside the device's data folder (``demo-keyring.cfg``), so a
throwaway data folder takes its token with it. That file is plain text and
**not secure**: never configure it on a real device.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import keyring
import keyring.core
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError

from kiosk.i18n import _

SERVICE_NAME = "coop-kiosk"
ENV_BACKEND = "KIOSK_KEYRING_BACKEND"
DEMO_BACKEND = "keyrings.alt.file.PlaintextKeyring"
DEMO_KEYRING_FILE = "demo-keyring.cfg"

# Backends that keep secrets encrypted by the OS (or its desktop keychain).
SECURE_BACKEND_MODULES = (
    "keyring.backends.SecretService",
    "keyring.backends.libsecret",
    "keyring.backends.kwallet",
    "keyring.backends.Windows",
    "keyring.backends.macOS",
)


class CredentialsUnavailable(Exception):
    """No secure place to keep the device token; the message is for staff."""


def _is_secure(backend: KeyringBackend) -> bool:
    children = getattr(backend, "backends", None)
    if children is not None:  # keyring's chainer: secure only if every link is
        return bool(children) and all(_is_secure(child) for child in children)
    return type(backend).__module__.startswith(SECURE_BACKEND_MODULES)


def describe(backend: KeyringBackend) -> str:
    return f"{type(backend).__module__}.{type(backend).__name__}"


def select_backend(data_dir: Path, named: str | None = None) -> tuple[KeyringBackend, bool]:
    """The backend to use and whether it is an explicitly named (insecure allowed) one."""
    named = named if named is not None else os.environ.get(ENV_BACKEND, "").strip()
    if named:
        try:
            backend = keyring.core.load_keyring(named)
        except Exception as exc:  # noqa: BLE001 - any import/priority failure means "cannot use it"
            raise CredentialsUnavailable(
                _("The keyring backend {name} named in {env} cannot be used: {error}").format(
                    name=named, env=ENV_BACKEND, error=exc)
            ) from exc
        if hasattr(backend, "file_path"):
            backend.file_path = str(Path(data_dir) / DEMO_KEYRING_FILE)  # type: ignore[attr-defined]
        return backend, True
    backend = keyring.get_keyring()
    if not _is_secure(backend):
        raise CredentialsUnavailable(
            _("This device has no secure keyring (found {backend}), so it will not keep a council "
              "device token. Install and unlock the system keyring (Secret Service, Windows "
              "Credential Manager or macOS Keychain) and try again.").format(backend=describe(backend))
        )
    return backend, False


class KeyringCredentials:
    """The device token of one data folder, in the selected keyring backend."""

    def __init__(self, data_dir: Path, device_id: str, *, backend: KeyringBackend | None = None):
        if backend is None:
            backend, self.insecure_demo = select_backend(Path(data_dir))
        else:
            self.insecure_demo = not _is_secure(backend)
        self.backend = backend
        self.device_id = device_id

    def get_token(self) -> str | None:
        try:
            return self.backend.get_password(SERVICE_NAME, self.device_id)
        except KeyringError as exc:
            raise CredentialsUnavailable(_("The keyring could not be read: {error}").format(error=exc)) from exc

    def set_token(self, token: str) -> None:
        try:
            self.backend.set_password(SERVICE_NAME, self.device_id, token)
        except KeyringError as exc:
            raise CredentialsUnavailable(_("The keyring could not be written: {error}").format(error=exc)) from exc

    def delete_token(self) -> None:
        try:
            self.backend.delete_password(SERVICE_NAME, self.device_id)
        except KeyringError:
            pass  # nothing stored is the state we wanted

    def describe(self) -> dict[str, Any]:
        return {"backend": describe(self.backend), "insecure_demo": self.insecure_demo}


class MemoryCredentials:
    """A token held in memory only (in-process tests and the stateful model)."""

    def __init__(self, token: str | None = None):
        self.token = token
        self.insecure_demo = True

    def get_token(self) -> str | None:
        return self.token

    def set_token(self, token: str) -> None:
        self.token = token

    def delete_token(self) -> None:
        self.token = None
