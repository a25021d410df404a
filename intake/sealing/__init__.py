"""Encryption at rest (issue 16, docs/encryption.md): envelope encryption with AES-256-GCM.

The key hierarchy: key-encryption keys (KEKs) live outside the database (``ENCRYPTION_KEYS`` or
``ENCRYPTION_KEY_FILE``, parsed by ``config.encryption_keys``); each report and each case has its
own random 256-bit data key, wrapped by the newest KEK and stored on its own row (``data_key``,
``data_key_kek_id``, ``data_key_kek_version``: the ``KeyOwner`` mixin, migration 0018). A report
keeps its own key when it joins a case; the case's key covers the case's own records. A separate,
versioned blind-index key makes keyed digests of normalised values for finding without reading.

The API (stable since stage 1; everything here is importable from ``intake.sealing``):

- ``intake.keyring`` (a ``Keyring``, on ``intake.context.Intake``):
  ``new_data_key(owner) -> DataKey`` (fresh, wrapped: ``key.columns()`` are the owner row's
  three columns, to write with the row), ``open(owner, wrapped | None) -> DataKey`` (cached per process, bounded; None
  gives a key that reads sealed text as ``PLACEHOLDER``), ``rewrap``, ``index`` (a ``BlindIndex``).
- ``Owner(table, binding)``: whose key; ``Owner("reports", reference)`` or ``Owner("cases", reference)``.
  ``data_key_of(keyring, report_or_case)`` (in ``intake.sealing.upkeep``) opens a row's key.
- ``Cell(table, column, row)``: where a value lives. ``row`` is known independently of the value
  and before the insert: a report's reference, or else a random token (``new_row_token()``) kept
  in the row's own column. A value moved to another cell fails with ``SealBroken``.
- ``DataKey.seal(cell, text) -> str`` and ``unseal(cell, stored) -> str`` (text columns, stored with
  the ``SEALED`` prefix; plain values read as they are; a destroyed key reads as ``PLACEHOLDER``);
  ``seal_optional`` / ``unseal_optional`` for nullable columns; ``seal_bytes(cell, bytes) -> bytes``
  and ``unseal_bytes(cell, stored) -> bytes`` for blobs (a destroyed key raises ``KeyDestroyed``).
  ``is_sealed(stored)`` tells sealed from plain by the prefix.
- ``BlindIndex.of(kind, term) -> "<version>:<hex>"`` to store; ``matching(kind, term)`` for ``IN``
  look-ups under every index key. Terms: ``phone_term`` (E.164), ``email_term`` (lower-cased),
  ``postcode_term`` (no spaces, upper-cased), ``postcodes_in(address)``, ``name_terms`` (case-folded words).
- ``intake.sealing.upkeep``: ``check_keys_open`` (start-up), ``rotate_keys`` (``flask rotate-keys``),
  ``destroy_case_keys`` / ``destroy_data_keys`` (``flask destroy-data-key``, and the retention purge).
- ``intake.sealing.reseal``: ``reseal_case`` / ``reseal_report`` (``flask reseal-data-key``): new data
  keys and every value sealed again under them, one transaction per owner. What is sealed is found
  from ``sealed_columns()`` (every ``SealedText`` registers itself) and ``reseal.SEALED_BYTES``.
- ``intake.sealing.reindex``: ``reindex`` (``flask reindex``): stored blind indexes recomputed under
  the newest index key, resumable; ``INDEXED`` says which columns and from which values.
- ``token_key(owner, token) -> DataKey``: a key derived from a secret token never stored (a cookie's
  random id), for what only its holder may read (a web form's unfinished answers).
- ``intake.sealing.files``: attachment files sealed at rest (a header with the file's own key, then
  authenticated pieces); ``file_names`` names them by a keyed digest. Used by ``intake.attachments``.
- Raw inbound items: each has its own data key (``Owner("inbound_items", "<channel>:<key>")``);
  ``intake.inbound.raw_of`` opens one.
- Outbox messages (``owners.ReportRecordOrOwnKey``): sealed under their report's key, or, about no
  report, a key of their own on the row (``Owner("outbox_messages", seal_token)``); recipients and
  opt-outs are found by ``intake.outbox.contact_index`` / ``matching_contact``.

Stage 2 (reports' words, messages, parties): ``SealedText`` descriptors on the models
(``report.description`` reads and sets clear text; the column, mapped as ``description_sealed``,
holds it sealed) open keys with the process's keyring, which the app factory ``install``s once its
keys are checked (``installed()``, ``blind_index()``). A ``KeyOwner`` row has ``owner``,
``sealing_key()`` (its key, opened) and ``cell(column)``; ``writable_key(keyring)`` gives a row from
before encryption a key when it is first written, and raises ``KeyDestroyed`` on a row whose
``data_key`` is ``DESTROYED``. Child rows (messages, parties, first responses, works, attachments:
``ReportRecord``) carry a ``seal_token`` and open under their report's key (``ready_to_seal`` gives an
older row its token); the records on a case (``intake.case_tables.CaseRecord``: entries, decisions,
assessments, plans, disclosures, actions) carry one too and open under their case's key.
``report_indexes`` / ``party_indexes`` compute the digests stored beside sealed values (a report's
also its plain ``postcode_area``, the outward code: ``postcode_area``, ``is_full_postcode``);
``BlindIndex.matching_stored`` gives a stored digest's look-up without opening the value under one index key;
``text_term`` normalises free text compared whole (an address, who did it).

Rows with a key of their own and no reference (``OwnKeyRow``, migration 0024: subject-access
requests, accounts that sign in, partner invitations) bind it and their values to a random
``seal_token``; the key is made when a value is first sealed on the row (``key_to_seal``).

Errors are ``SealingError``s: ``SealBroken``, ``MissingKeyEncryptionKey``, ``KeyDestroyed``.
"""

from intake.sealing.finding import (
    BlindIndex,
    email_term,
    is_full_postcode,
    name_terms,
    party_indexes,
    phone_term,
    postcode_area,
    postcode_term,
    postcodes_in,
    report_indexes,
    text_term,
)
from intake.sealing.keyring import (
    DESTROYED,
    PLACEHOLDER,
    SEALED,
    Cell,
    DataKey,
    KeyDestroyed,
    Keyring,
    MissingKeyEncryptionKey,
    Owner,
    SealBroken,
    SealingError,
    WrappedKey,
    is_sealed,
    new_row_token,
)
from intake.sealing.owners import KeyOwner, OwnKeyRow
from intake.sealing.sealed import SealedText, blind_index, install, installed
from intake.sealing.tokens import token_key

__all__ = [
    "DESTROYED",
    "PLACEHOLDER",
    "SEALED",
    "BlindIndex",
    "Cell",
    "DataKey",
    "KeyDestroyed",
    "KeyOwner",
    "Keyring",
    "MissingKeyEncryptionKey",
    "OwnKeyRow",
    "Owner",
    "SealBroken",
    "SealedText",
    "SealingError",
    "WrappedKey",
    "blind_index",
    "email_term",
    "install",
    "installed",
    "is_full_postcode",
    "is_sealed",
    "name_terms",
    "new_row_token",
    "party_indexes",
    "phone_term",
    "postcode_area",
    "postcode_term",
    "postcodes_in",
    "report_indexes",
    "text_term",
    "token_key",
]
