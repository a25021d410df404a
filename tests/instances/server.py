"""One instance of the app in its own process, as a second machine would run it.

``python -m tests.instances.server PORT SETTINGS_JSON``: serves ``create_app(settings)`` on
127.0.0.1:PORT until killed. Tests start two, so nothing held in one process's memory (the
rate limiter's counters, above all) can make two instances look as if they shared it.
"""

from __future__ import annotations

import json
import sys

from werkzeug.serving import make_server

from intake.app import create_app


def main() -> None:
    port, settings = int(sys.argv[1]), json.loads(sys.argv[2])
    make_server("127.0.0.1", port, create_app(settings), threaded=True).serve_forever()


if __name__ == "__main__":
    main()
