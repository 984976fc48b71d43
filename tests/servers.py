"""A second, throwaway ``scripts/neo4j-local`` server for the tests that stop, restart or reconfigure one.

It gets its own home folder, free ports and a random password, so it never meets the suite's server
(or a user's own) on a port.
"""

from __future__ import annotations

import secrets
import socket
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def own_server_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of ``scripts/neo4j-local`` and of ddgraph for a server of its own in ``home``."""
    bolt, http = free_port(), free_port()
    return {
        "DDGRAPH_NEO4J_HOME": str(home),
        "NEO4J_BOLT_PORT": str(bolt),
        "NEO4J_HTTP_PORT": str(http),
        "NEO4J_PASSWORD": secrets.token_urlsafe(12),
        "NEO4J_URI": f"bolt://127.0.0.1:{bolt}",
        **extra,
    }


class CuttingProxy:
    """A TCP proxy in front of a real server that cuts every connection at one chosen moment.

    It forwards bytes both ways and counts the chunks the clients send, over all connections. With
    ``cut_at = n``, the ``n``-th chunk is not forwarded: every open connection is closed at once, as
    when a network link or the server goes away mid-command; connections opened after the cut are
    served again (a connection that broke, not a server that stays down).
    """

    def __init__(self, target_port: int) -> None:
        import threading

        self.target = ("127.0.0.1", target_port)
        self.cut_at: int | None = None
        self.sent = 0
        self.cut = False
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        threading.Thread(target=self._accept, daemon=True).start()

    def reset(self, cut_at: int | None) -> None:
        """Count from zero again and cut at the ``cut_at``-th chunk (None: never)."""
        with self._lock:
            self.sent, self.cut_at, self.cut = 0, cut_at, False

    def close(self) -> None:
        self._listener.close()
        self._cut_all()

    def _accept(self) -> None:
        import threading

        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open += [client, server]
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, dest: socket.socket, from_client: bool) -> None:
        while True:
            try:
                chunk = source.recv(65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            if from_client:
                with self._lock:
                    self.sent += 1
                    cut = self.sent == self.cut_at
                if cut:
                    self.cut = True
                    self._cut_all()
                    return
            try:
                dest.sendall(chunk)
            except OSError:
                break
        for s in (source, dest):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _cut_all(self) -> None:
        with self._lock:
            sockets, self._open = self._open, []
        for s in sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()
