"""Static files under a fingerprinted address, compressed, and cached by browsers for a year.

Every page is ``no-store`` (a shared phone must not keep a report), so the stylesheet and
scripts are the only bytes a browser may keep. They are served by WhiteNoise under
``/assets/<fingerprint>/``, where the fingerprint is a hash of every file in ``static/``: a
changed file gives every asset a new address, so a year-long ``immutable`` cache is safe.

WhiteNoise's own fingerprinting manifest is Django's, so the fingerprint is worked out here at
app start, and a compressed copy (gzip; brotli too only where the ``brotli`` package is
installed) is written once per fingerprint to a directory in the system's temporary folder.
Copies for other fingerprints that no process has started with for a week are removed then, so
a machine that is redeployed daily does not fill its temporary folder.
Templates name assets only through ``asset_url('build/app.css')``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from flask import Flask
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

ONE_YEAR = 31_536_000
FINGERPRINT_CHARS = 12
# An older release's copy is kept this long after a process last started with it (a rolling
# deploy's old workers still serve from it), then removed.
STALE_AFTER_SECONDS = 7 * 24 * 3600


class _LongLived(WhiteNoise):  # type: ignore[misc]  # WhiteNoise is untyped
    """WhiteNoise with a year-long cache (its own "forever" is ten years) and the headers every response gets."""

    FOREVER = ONE_YEAR


def init_app(app: Flask) -> None:
    """Serve ``static/`` under its fingerprint and give templates ``asset_url``."""
    source = Path(str(app.static_folder))
    fingerprint = fingerprint_of(source)
    prefix = f"/assets/{fingerprint}/"
    app.wsgi_app = _LongLived(  # type: ignore[method-assign]
        app.wsgi_app,
        root=str(_compressed_copy(source, fingerprint)),
        prefix=prefix,
        immutable_file_test=lambda path, url: True,
        add_headers_function=_nosniff,
    )
    app.jinja_env.globals["asset_url"] = lambda name: prefix + name


def fingerprint_of(source: Path) -> str:
    """A short hash of every file's name and bytes: it changes whenever any asset does."""
    digest = hashlib.sha256()
    for path in _files(source):
        digest.update(str(path.relative_to(source)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:FINGERPRINT_CHARS]


def _files(source: Path) -> Iterator[Path]:
    """Every file under ``source``, in a stable order, following the symlinked build folder."""
    for folder, subfolders, names in sorted(os.walk(source, followlinks=True)):
        subfolders.sort()
        yield from (Path(folder) / name for name in sorted(names))


def _compressed_copy(source: Path, fingerprint: str) -> Path:
    """The assets with ``.gz`` (and ``.br``) beside each, made once; renamed into place whole,
    so another worker starting at the same moment never serves half a copy."""
    target = Path(tempfile.gettempdir()) / "intake-assets" / fingerprint
    if target.is_dir():
        os.utime(target)  # in use again: not stale
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_copies(target.parent, keep=fingerprint)
    building = Path(tempfile.mkdtemp(dir=target.parent))
    shutil.copytree(source, building, symlinks=False, dirs_exist_ok=True)
    compressor = Compressor(quiet=True)
    for path in _files(building):
        if compressor.should_compress(path.name):
            compressor.compress(str(path))
    try:
        building.rename(target)
    except OSError:  # another worker got there first, with the same files
        shutil.rmtree(building)
    return target


def remove_stale_copies(parent: Path, keep: str, now: float | None = None) -> None:
    """Remove the copies for other fingerprints no process has started with for a week."""
    cutoff = (time.time() if now is None else now) - STALE_AFTER_SECONDS
    for copy in parent.iterdir():
        if copy.name != keep and copy.is_dir() and copy.stat().st_mtime < cutoff:
            shutil.rmtree(copy, ignore_errors=True)


def _nosniff(headers: dict[str, str], path: str, url: str) -> None:
    headers["X-Content-Type-Options"] = "nosniff"
