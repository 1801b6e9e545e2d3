"""How the device client talks HTTP: one small interface, a ``requests`` implementation.

The client only ever sees a ``Response`` (status, headers, raw body) or a
``TransportError`` (no answer at all: refused, reset, timed out, cut off
mid-body). Tests swap in a fake transport with the same ``request`` method.
"""

from __future__ import annotations

import json as jsonlib
from dataclasses import dataclass, field
from typing import Any, Mapping, Protocol

import requests
from requests.structures import CaseInsensitiveDict


class TransportError(Exception):
    """The request got no usable answer (the service may or may not have acted on it)."""


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=CaseInsensitiveDict)

    def json(self) -> Any:
        """The parsed body; ``ValueError`` when it is not complete JSON (e.g. truncated)."""
        return jsonlib.loads(self.body.decode("utf-8"))

    def error(self) -> tuple[str, str]:
        """``(code, message)`` of a request-level error body, tolerant of junk."""
        try:
            body = self.json()
        except (ValueError, UnicodeDecodeError):
            return "", ""
        if not isinstance(body, dict):
            return "", ""
        return str(body.get("error") or ""), str(body.get("message") or "")


class Transport(Protocol):
    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        token: str | None = None,
    ) -> Response: ...


class RequestsTransport:
    """HTTP over ``requests`` with one pooled session per council service."""

    def __init__(self, base_url: str, *, timeout: tuple[float, float] = (5.0, 60.0),
                 session: requests.Session | None = None):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()
        # Proxies from the environment must never see a device token.
        self.session.trust_env = False

    def request(self, method, path, *, json=None, params=None, token=None) -> Response:
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = None
        if json is not None:
            data = jsonlib.dumps(json, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json"
        try:
            resp = self.session.request(
                method, self.base_url + path, data=data, params=params, headers=headers, timeout=self.timeout
            )
            body = resp.content  # reads it all; a cut-off body raises here
        except requests.RequestException as exc:
            raise TransportError(f"{type(exc).__name__}: {exc}") from exc
        return Response(resp.status_code, body, resp.headers)

    def close(self) -> None:
        self.session.close()
