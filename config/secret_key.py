"""The key that signs sessions and cookies: given in production, made up only by the ``flask`` command.

A production start (the Procfile's gunicorn, or any other WSGI server) never makes a key up, so
several workers or machines can never end up signing with different keys, and a missing
``SECRET_KEY`` stops start-up (``gunicorn.conf.py`` checks the settings before any worker starts).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def made_up_key_allowed(production: str | None, flask_env: str | None) -> bool:
    """Only the ``flask`` command (``make run``, ``flask run``, ``flask init-db``) may make a key up.

    Flask's command line sets ``FLASK_RUN_FROM_CLI`` before it builds the app; gunicorn and other
    servers do not, so they fail closed. ``PRODUCTION`` (any value) or ``FLASK_ENV=production``
    forbid a made-up key even under ``flask``.
    """
    if production or flask_env == "production":
        return False
    return os.environ.get("FLASK_RUN_FROM_CLI") == "true"


def instance_secret_key(path: Path) -> str:
    """The key kept at ``path``, made (random, mode 0600) by whichever process asks first.

    The new key is written whole to a private file and then linked into place, which fails if a
    key is already there, so processes starting together (workers, the reloader) all read one key
    and none ever reads half of one.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process was first: use its key
        finally:
            draft.unlink()
    return path.read_text().strip()
