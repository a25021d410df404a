"""Every table's model, imported in one place so ``Base.metadata`` knows them all.

Alembic's environment and the schema check in the tests read the metadata from here.
"""

from __future__ import annotations

from intake import case_tables as staff_models
from intake import models, sms_models, web_form_models
from intake.data_protection import protection_tables as data_protection_models
from intake.partners import tables as partner_models
from intake.reading import stored as reading_models

metadata = models.Base.metadata

__all__ = [
    "data_protection_models",
    "metadata",
    "partner_models",
    "reading_models",
    "sms_models",
    "staff_models",
    "web_form_models",
]
