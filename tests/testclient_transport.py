"""The device client's transport over FastAPI's TestClient: the council in-process, no sockets.

Test folders import it by name (``from testclient_transport import ClientTransport``):
pytest puts tests/ on sys.path for tests/conftest.py.
"""

from __future__ import annotations

from typing import Any

from sync.transport import Response


class ClientTransport:
    """The device client's transport over FastAPI's TestClient (no sockets)."""

    def __init__(self, client: Any):
        self.client = client

    def request(self, method, path, *, json=None, params=None, token=None) -> Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        resp = self.client.request(method, path, json=json, params=params, headers=headers)
        return Response(resp.status_code, resp.content, resp.headers)
