"""The shared services and outside peers of a soak run, each one able to go away and come back.

PostgreSQL: a fresh database on the running server. Redis: the running server, behind a TCP
proxy the soak can stop (so Redis is "away" without stopping a server others use). Dovecot over
TLS and the aiosmtpd sink are the tests' own (``tests/email/peers.py``); Twilio's servers are the
tests' stand-in (``tests/sms/twilio_standin.py``).
"""

from __future__ import annotations

import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from intake.db import Database
from intake.migrate import upgrade_to_latest
from tests.email.peers import Sink, free_port


@contextmanager
def fresh_database(admin_url: str) -> Iterator[tuple[str, str, Engine]]:
    """A new, migrated database on the running server: its URL, its name and an admin engine; dropped after."""
    name = f"intake_soak_{secrets.token_hex(4)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    db = Database(url)
    upgrade_to_latest(db)
    db.dispose()
    try:
        yield url, name, admin
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def database_restart(admin: Engine, name: str, seconds: float) -> int:
    """What a restart does to one database without stopping a server shared with others.

    New connections are refused (ALLOW_CONNECTIONS false), every open one is terminated, and
    after ``seconds`` connections are allowed again. Returns how many backends were cut.
    """
    with admin.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        cut = connection.execute(
            text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = :name"),
            {"name": name},
        ).scalar_one()
    time.sleep(seconds)
    with admin.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
    return int(cut)


class Proxy:
    """A TCP proxy to one server; ``away()`` closes it and every connection through it, ``back()`` reopens."""

    def __init__(self, target_port: int) -> None:
        self.target_port, self.port = target_port, free_port()
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()

    def back(self) -> None:
        listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def away(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            with suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        with self._lock:
            for connection in self._open:
                with suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
                connection.close()
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            with self._lock:
                if self._listener is not listener:  # taken away while this one was connecting
                    client.close()
                    server.close()
                    return
                self._open.update((client, server))
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
            with self._lock:
                self._open.discard(source)


class SmtpSink:
    """The tests' aiosmtpd sink on a fixed port, which can be stopped and started again."""

    def __init__(self) -> None:
        self.sink, self.port = Sink(), free_port()
        self._controller: Controller | None = None

    def back(self) -> None:
        self._controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def away(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
