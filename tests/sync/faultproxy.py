"""A TCP proxy for loopback tests that injects network faults per HTTP request.

Between a device and the council service it can, for each request it sees:
- ``delay``: hold the request a little before forwarding it;
- ``drop``: close the connection before the council sees the request;
- ``reset``: forward the request, let the council answer (and commit), then
  reset the device's connection instead of passing the answer on;
- ``truncate``: pass on only the first half of the answer, then reset.
Faults are drawn from a seeded RNG with the given rates. ``hold(path)`` makes
the next answer to ``path`` wait (``held`` is set) until ``release()``: the
crash test kills the device in exactly that window (council committed,
device not yet told).
"""

from __future__ import annotations

import random
import socket
import struct
import threading
import time
from collections import Counter

FAULTS = ("delay", "drop", "reset", "truncate")


def _abort(sock: socket.socket) -> None:
    """Close with RST (SO_LINGER 0), like a cable pulled mid-answer."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        # Wake a thread blocked in recv on this socket; closing alone would not
        # (the kernel keeps the socket while a syscall uses it, and sends nothing).
        sock.shutdown(socket.SHUT_RD)
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass


class _Conn:
    def __init__(self, client: socket.socket, upstream: socket.socket):
        self.client = client
        self.upstream = upstream
        self.fault: str | None = None
        self.path = ""
        self.closed = threading.Event()

    def close(self, abort: bool = False) -> None:
        if self.closed.is_set():
            return
        self.closed.set()
        for sock in (self.client, self.upstream):
            if abort:
                _abort(sock)
            else:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()


class FaultProxy:
    def __init__(self, upstream_port: int, *, seed: int = 0, rates: dict[str, float] | None = None,
                 max_delay: float = 0.2):
        self.upstream = ("127.0.0.1", upstream_port)
        self.rng = random.Random(seed)
        self.rates = dict(rates or {})
        self.max_delay = max_delay
        self.counts: Counter[str] = Counter()
        self.requests: Counter[str] = Counter()
        self._hold_path: str | None = None
        self._hold_skip = 0
        self.held = threading.Event()
        self._release = threading.Event()
        self._lock = threading.Lock()
        self._conns: list[_Conn] = []
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    # -- control ---------------------------------------------------------------

    def hold(self, path: str, skip: int = 0) -> None:
        """Hold the answer to the (skip+1)-th next request to ``path``."""
        self._release.clear()
        self.held.clear()
        self._hold_skip = skip
        self._hold_path = path

    def _skip_done(self) -> bool:
        with self._lock:
            if self._hold_skip > 0:
                self._hold_skip -= 1
                return False
            return True

    def release(self) -> None:
        self._hold_path = None
        self._release.set()

    def stop(self) -> None:
        self._stop.set()
        self.release()
        self._thread.join(5)
        self._listener.close()
        with self._lock:
            for conn in self._conns:
                conn.close()

    # -- pumping ---------------------------------------------------------------

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _addr = self._listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                _abort(client)
                continue
            for sock in (client, upstream):
                sock.settimeout(30)
            conn = _Conn(client, upstream)
            with self._lock:
                self._conns = [c for c in self._conns if not c.closed.is_set()] + [conn]
            threading.Thread(target=self._client_to_upstream, args=(conn,), daemon=True).start()
            threading.Thread(target=self._upstream_to_client, args=(conn,), daemon=True).start()

    def _draw(self) -> str | None:
        with self._lock:
            roll = self.rng.random()
            for fault in FAULTS:
                rate = self.rates.get(fault, 0.0)
                if roll < rate:
                    return fault
                roll -= rate
            return None

    def _client_to_upstream(self, conn: _Conn) -> None:
        try:
            while not conn.closed.is_set():
                chunk = conn.client.recv(65536)
                if not chunk:
                    break
                if chunk.startswith((b"GET ", b"POST ", b"PUT ", b"DELETE ")):
                    conn.path = chunk.split(b" ", 2)[1].split(b"?", 1)[0].decode("latin-1")
                    self.requests[conn.path] += 1
                    conn.fault = self._draw()
                    if conn.fault:
                        self.counts[conn.fault] += 1
                    if conn.fault == "drop":
                        conn.close(abort=True)
                        return
                    if conn.fault == "delay":
                        time.sleep(self.rng.uniform(0, self.max_delay))
                conn.upstream.sendall(chunk)
        except OSError:
            pass
        conn.close()

    def _upstream_to_client(self, conn: _Conn) -> None:
        try:
            while not conn.closed.is_set():
                chunk = conn.upstream.recv(65536)
                if not chunk:
                    break
                if chunk.startswith(b"HTTP/"):  # the start of an answer (keep-alive: one per request)
                    fault, conn.fault = conn.fault, None
                    if self._hold_path and conn.path.startswith(self._hold_path) and self._skip_done():
                        self.held.set()
                        self._release.wait(30)
                        conn.close(abort=True)
                        return
                    if fault == "reset":
                        conn.close(abort=True)
                        return
                    if fault == "truncate":
                        conn.client.sendall(chunk[: len(chunk) // 2])
                        conn.close(abort=True)
                        return
                conn.client.sendall(chunk)
        except OSError:
            pass
        conn.close()
