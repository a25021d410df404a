"""Sealed values: each opens only in its own cell under its owner's key; a destroyed key reads as the placeholder.

No database: the key hierarchy and the values it seals, as the services will use them.
"""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest

from config.encryption_keys import KeySettingError, instance_key_file, parse_keys
from intake.sealing import (
    PLACEHOLDER,
    Cell,
    KeyDestroyed,
    Keyring,
    MissingKeyEncryptionKey,
    Owner,
    SealBroken,
    email_term,
    is_sealed,
    name_terms,
    phone_term,
    postcode_term,
    postcodes_in,
)
from tests.conftest import encryption_keys_json

KEYRING = Keyring(parse_keys(encryption_keys_json(("main", 1))))
REPORT_A = Owner("reports", "HPG-AAAA-AAAA")
REPORT_B = Owner("reports", "HPG-BBBB-BBBB")
WORDS = "They shouted abuse about my religion at the bus stop."


def test_a_value_sealed_for_a_cell_opens_there_and_is_not_in_clear() -> None:
    key = KEYRING.new_data_key(REPORT_A)
    cell = Cell("reports", "description", REPORT_A.binding)
    sealed = key.seal(cell, WORDS)
    assert is_sealed(sealed) and "religion" not in sealed
    assert key.unseal(cell, sealed) == WORDS
    assert key.seal(cell, WORDS) != sealed  # a fresh nonce each time: equal words do not look equal


def test_a_value_moved_to_another_report_fails_to_open() -> None:
    key_a, key_b = KEYRING.new_data_key(REPORT_A), KEYRING.new_data_key(REPORT_B)
    sealed = key_a.seal(Cell("reports", "description", REPORT_A.binding), WORDS)
    with pytest.raises(SealBroken):
        key_b.unseal(Cell("reports", "description", REPORT_B.binding), sealed)  # copied to report B's row
    with pytest.raises(SealBroken):
        key_a.unseal(Cell("reports", "description", REPORT_B.binding), sealed)  # even were B's key A's


def test_a_value_moved_to_another_row_or_column_of_the_same_report_fails_to_open() -> None:
    key = KEYRING.new_data_key(REPORT_A)
    sealed = key.seal(Cell("parties", "name", "token-of-the-reporter"), "Sam Jones")
    with pytest.raises(SealBroken):
        key.unseal(Cell("parties", "name", "token-of-the-victim"), sealed)
    with pytest.raises(SealBroken):
        key.unseal(Cell("parties", "address", "token-of-the-reporter"), sealed)
    with pytest.raises(SealBroken):
        key.unseal(Cell("messages", "name", "token-of-the-reporter"), sealed)


def test_a_wrapped_key_moved_to_another_report_fails_to_open() -> None:
    wrapped = KEYRING.new_data_key(REPORT_A).wrapped
    assert wrapped is not None
    with pytest.raises(SealBroken, match="HPG-BBBB-BBBB"):
        KEYRING.open(REPORT_B, wrapped)


def test_bytes_seal_without_base64_and_plain_values_read_as_they_are() -> None:
    key = KEYRING.new_data_key(REPORT_A)
    cell = Cell("attachments", "content", "token")
    sealed = key.seal_bytes(cell, b"\x89PNG picture")
    assert is_sealed(sealed) and b"PNG" not in sealed
    assert key.unseal_bytes(cell, sealed) == b"\x89PNG picture"
    assert key.unseal(cell, "written before encryption") == "written before encryption"
    assert key.unseal_bytes(cell, b"plain bytes") == b"plain bytes"


def test_a_destroyed_key_reads_sealed_text_as_the_placeholder_and_plain_as_it_is() -> None:
    sealed = KEYRING.new_data_key(REPORT_A).seal(Cell("reports", "location", REPORT_A.binding), "12 High Street")
    gone = KEYRING.open(REPORT_A, None)
    assert gone.destroyed
    assert gone.unseal(Cell("reports", "location", REPORT_A.binding), sealed) == PLACEHOLDER
    assert gone.unseal_optional(Cell("reports", "location", REPORT_A.binding), None) is None
    assert gone.unseal(Cell("reports", "location", REPORT_A.binding), "plain") == "plain"
    with pytest.raises(KeyDestroyed):
        gone.seal(Cell("reports", "location", REPORT_A.binding), "new words")
    with pytest.raises(KeyDestroyed):
        gone.unseal_bytes(Cell("attachments", "content", "t"), b"sealed1:" + bytes(40))


def test_a_rotated_in_key_wraps_and_the_old_one_still_opens_until_rewrapped() -> None:
    old_key = KEYRING.new_data_key(REPORT_A)
    cell = Cell("reports", "description", REPORT_A.binding)
    sealed = old_key.seal(cell, WORDS)
    both = Keyring(parse_keys(encryption_keys_json(("main", 1), ("main", 2))))
    assert old_key.wrapped is not None and old_key.wrapped.kek_version == 1
    assert both.open(REPORT_A, old_key.wrapped).unseal(cell, sealed) == WORDS
    rewrapped = both.rewrap(REPORT_A, old_key.wrapped)
    assert rewrapped.kek_version == 2 and both.new_data_key(REPORT_B).columns()["data_key_kek_version"] == 2
    only_new = Keyring(parse_keys(encryption_keys_json(("main", 2))))
    assert only_new.open(REPORT_A, rewrapped).unseal(cell, sealed) == WORDS  # the value was never sealed again
    with pytest.raises(MissingKeyEncryptionKey, match="main version 1"):
        only_new.open(REPORT_A, old_key.wrapped)


def test_opened_keys_are_cached_and_bounded() -> None:
    wrapped = [KEYRING.new_data_key(Owner("reports", f"HPG-{n}")).wrapped for n in range(3)]
    keyring = Keyring(parse_keys(encryption_keys_json(("main", 1))), kept=2)
    opened = [keyring.open(Owner("reports", f"HPG-{n}"), w) for n, w in enumerate(wrapped)]
    assert keyring.open(Owner("reports", "HPG-2"), wrapped[2]) is opened[2]
    assert keyring.open(Owner("reports", "HPG-0"), wrapped[0]) is not opened[0]  # dropped, opened again


def test_blind_indexes_find_equal_normalised_values_under_every_index_key() -> None:
    index = KEYRING.index
    assert phone_term("07700 900123") == phone_term("+44 7700 900123") == "+447700900123"
    assert email_term(" Sam.Jones@Example.ORG ") == "sam.jones@example.org"
    assert postcode_term("ls1 1aa") == "LS11AA" and postcodes_in("4 Park Row, Leeds ls1 1aa") == ["LS11AA"]
    assert name_terms("Siân  O'NEIL") == ["oneil", "siân"]
    stored = index.of("phone", "+447700900123")
    assert stored.startswith("1:") and "7700900123" not in stored
    assert index.of("phone", "+447700900123") == stored and index.of("email", "+447700900123") != stored
    rotating = Keyring(parse_keys(encryption_keys_json(("main", 1), index_versions=(1, 2)))).index
    assert rotating.of("phone", "+447700900123").startswith("2:")
    assert stored in rotating.matching("phone", "+447700900123")


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ("not json", "is not JSON"),
        ('{"key_encryption_keys": []}', "needs at least one entry in key_encryption_keys"),
        (
            '{"key_encryption_keys": [{"id": "a", "version": 1, "key": "c2hvcnQ="}], "blind_index_keys": []}',
            "key_encryption_keys version 1 whose key is not 32 bytes in base64",
        ),
    ],
)
def test_a_malformed_key_setting_names_the_problem_never_a_key(document: str, problem: str) -> None:
    with pytest.raises(KeySettingError) as raised:
        parse_keys(document)
    assert str(raised.value).endswith(problem)


def test_the_development_key_file_is_made_once_private_and_said_once_without_a_key(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "instance" / "encryption-keys.json"
    with caplog.at_level(logging.WARNING):
        first = instance_key_file(path)
        again = instance_key_file(path)
    assert first == again and stat.S_IMODE(path.stat().st_mode) == 0o600
    keys = parse_keys(first)
    assert [record.getMessage() for record in caplog.records] == [
        f"made a development encryption key file at {path} (mode 0600): keep it with the database"
    ]
    secret = keys.key_encryption_keys[0].secret
    assert repr(secret) not in repr(keys)
