"""A stand-in for Twilio's servers at the HTTP boundary: media files and the REST API.

It serves the files a test puts in it (only with the account's credentials), answers DELETE
on them, accepts ``Messages.json`` posts as sent texts, and can be told to fail the next few
requests. Bound to 127.0.0.1 on a free port.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


@dataclass
class TwilioStandIn:
    account_sid: str
    auth_token: str
    files: dict[str, bytes] = field(default_factory=dict)  # path -> bytes
    fetched: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    sent: list[dict[str, str]] = field(default_factory=list)
    failures_to_come: int = 0
    server: ThreadingHTTPServer | None = None

    @property
    def origin(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def add_media(self, content: bytes) -> str:
        """Hold a file as Twilio would for a received MMS; its MediaUrl."""
        message_sid, media_sid = "MM" + secrets.token_hex(16), "ME" + secrets.token_hex(16)
        path = f"/2010-04-01/Accounts/{self.account_sid}/Messages/{message_sid}/Media/{media_sid}"
        self.files[path] = content
        return self.origin + path

    def reset(self) -> None:
        self.files.clear()
        self.fetched.clear()
        self.deleted.clear()
        self.sent.clear()
        self.failures_to_come = 0

    def start(self) -> TwilioStandIn:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                if not stand_in._allowed(self):
                    return
                content = stand_in.files.get(self.path)
                if content is not None:
                    stand_in.fetched.append(self.path)
                self._answer(200 if content is not None else 404, content or b"", "application/octet-stream")

            def do_DELETE(self) -> None:
                if not stand_in._allowed(self):
                    return
                path = re.sub(r"\.json$", "", self.path)
                found = stand_in.files.pop(path, None) is not None
                if found:
                    stand_in.deleted.append(path)
                self._answer(204 if found else 404, b"", "application/json")

            def do_POST(self) -> None:
                if not stand_in._allowed(self):
                    return
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                stand_in.sent.append(form)
                body = json.dumps({"sid": "SM" + secrets.token_hex(16), "status": "queued", "to": form.get("To")})
                self._answer(201, body.encode(), "application/json")

            def _answer(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def _allowed(self, handler: BaseHTTPRequestHandler) -> bool:
        """Twilio's media and API need the account's credentials; a failure can be staged."""
        expected = "Basic " + base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        if handler.headers.get("Authorization") != expected:
            handler.send_response(401)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return False
        if self.failures_to_come > 0:
            self.failures_to_come -= 1
            handler.send_response(503)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return False
        return True
