"""Every table's model, loaded in one place so ``Base.metadata`` knows them all.

Alembic's environment and the schema check in the tests read the metadata from here.

A channel's own tables live in its package (``channels/<name>/tables.py``) but sit on the one
metadata and the one numbered migration line, so every shipped channel's tables are loaded here,
whichever channels ``CHANNELS`` enables (the migrations create them all). They are loaded by
import string, as the app factory loads the channels themselves: the core names no channel in
an import statement, and import-linter (which sees only import statements) does not see these.
``tests/integration/test_migrations.py`` fails if a table module is missing from the list.
"""

from __future__ import annotations

import importlib

from intake import blob_store, models
from intake import case_tables as staff_models
from intake.data_protection import protection_tables as data_protection_models
from intake.partners import tables as partner_models
from intake.reading import stored as reading_models

CHANNEL_TABLES = ("channels.web.tables", "channels.sms.tables")

for _module in CHANNEL_TABLES:
    importlib.import_module(_module)

metadata = models.Base.metadata

__all__ = [
    "CHANNEL_TABLES",
    "blob_store",
    "data_protection_models",
    "metadata",
    "partner_models",
    "reading_models",
    "staff_models",
]
