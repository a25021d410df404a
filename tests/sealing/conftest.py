"""These tests build apps with other keys; each app installs its keyring, so the one before is put back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from intake.sealing import install, installed


@pytest.fixture(autouse=True)
def keep_the_installed_keyring(app: object) -> Iterator[None]:
    before = installed()
    yield
    install(before)
