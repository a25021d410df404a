"""Issue 19 item 9: assets come compressed and cached for a year under a fingerprinted address; pages stay no-store."""

from __future__ import annotations

import gzip
import os
import time
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from intake.assets import fingerprint_of, remove_stale_copies

PAGE_ASSETS = ["build/app.css", "build/govuk-frontend.min.js", "init.js"]


def asset_url(app: Flask, name: str) -> str:
    return str(app.jinja_env.globals["asset_url"](name))  # type: ignore[operator]


def test_a_fingerprinted_asset_is_cached_for_a_year_and_sent_gzipped(app: Flask, client: FlaskClient) -> None:
    response = client.get(asset_url(app, "build/app.css"), headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "max-age=31536000, public, immutable"
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert b".govuk-" in gzip.decompress(response.get_data())


def test_an_asset_is_sent_plain_to_a_browser_that_does_not_ask_for_gzip(app: Flask, client: FlaskClient) -> None:
    response = client.get(asset_url(app, "init.js"), headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers
    assert b"initAll" in response.get_data()


def test_pages_stay_no_store_beside_cached_assets(app: Flask, client: FlaskClient) -> None:
    assert asset_url(app, "init.js").startswith("/assets/")
    assert client.get("/healthz").headers["Cache-Control"] == "no-store"
    sign_in = client.get("/staff/sign-in")
    assert sign_in.status_code == 200 and asset_url(app, "build/app.css") in sign_in.get_data(as_text=True)
    assert sign_in.headers["Cache-Control"] == "no-store"


def test_the_first_visit_downloads_under_a_third_of_the_bytes(app: Flask, client: FlaskClient) -> None:
    plain = sum(len(client.get(asset_url(app, name)).get_data()) for name in PAGE_ASSETS)
    gzipped = [client.get(asset_url(app, name), headers={"Accept-Encoding": "gzip"}) for name in PAGE_ASSETS]
    assert sum(len(response.get_data()) for response in gzipped) < plain / 3


def test_a_changed_file_gets_a_new_address(tmp_path: Path) -> None:
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "app.css").write_text("body { color: black }")
    before = fingerprint_of(tmp_path)
    assert fingerprint_of(tmp_path) == before
    (tmp_path / "build" / "app.css").write_text("body { color: #0b0c0c }")
    assert fingerprint_of(tmp_path) != before


def test_an_old_release_s_copy_is_removed_once_stale_and_the_current_one_kept(tmp_path: Path) -> None:
    now = time.time()
    for name, age_days in [("current", 30), ("last-week", 8), ("yesterday", 1)]:
        (tmp_path / name).mkdir()
        (tmp_path / name / "app.css").write_text("body {}")
        then = now - age_days * 24 * 3600
        os.utime(tmp_path / name, (then, then))
    remove_stale_copies(tmp_path, keep="current", now=now)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["current", "yesterday"]
