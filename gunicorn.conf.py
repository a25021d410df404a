"""Gunicorn's settings, read by the Procfile's web process: a production start.

The settings are checked here, in gunicorn's master before any worker starts, so a missing
``SECRET_KEY`` (never made up outside the ``flask`` command, see ``config/secret_key.py``) or any
malformed setting stops gunicorn with the one line that names it, instead of each worker failing
and being started again for ever.
"""

from config import load_settings

load_settings()
