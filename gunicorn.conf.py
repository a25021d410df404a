"""Gunicorn's settings, read by the Procfile's web process: a production start.

The settings are checked here, in gunicorn's master before any worker starts, by building the
app once as every worker will: the core's settings, and each channel named in ``CHANNELS``,
which reads and checks its own in its ``init_app``. So a missing ``SECRET_KEY`` or encryption key
(never made up outside the ``flask`` command, see ``config/secret_key.py``) or any malformed setting
stops gunicorn with the one line that names it, instead of each worker failing and being started
again for ever. Building the app opens one connection, to check that the encryption keys open the
newest data keys in the database (docs/encryption.md); the master keeps nothing of it.
"""

from intake.app import create_app

create_app().extensions["intake"].db.dispose()
