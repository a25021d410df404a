"""One scan per place a copy of the data could be taken from: each answers {where: markers found}.

``where`` is ``table.column`` for the database's own columns and for a pg_dump's COPY data, and a
file's path for files. A value is searched as stored: text as UTF-8, bytes as they are and
decoded as UTF-8 with errors ignored, JSON as its text, anything else as its ``str``.
"""

from __future__ import annotations

import glob
import json
import re
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, MetaData, select
from sqlalchemy.engine import make_url

from tests.sealing.markers import Needle, found_in

Findings = dict[str, set[tuple[str, str]]]
PG_DUMP_GLOB = "/usr/lib/postgresql/*/bin/pg_dump"


def scan_columns(engine: Engine, needles: list[Needle]) -> Findings:
    """Every column of every table, reflected from the database itself (so a new table is never missed)."""
    metadata = MetaData()
    metadata.reflect(bind=engine)
    findings: Findings = defaultdict(set)
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            for row in connection.execute(select(table)):
                for column, value in zip(table.columns, row, strict=True):
                    for stored in _as_bytes(value):
                        findings[f"{table.name}.{column.name}"] |= found_in(stored, needles)
    return findings


def _as_bytes(value: Any) -> Iterator[bytes]:
    if value is None:
        return
    if isinstance(value, bytes | bytearray | memoryview):
        raw = bytes(value)
        yield raw
        yield raw.decode("utf-8", errors="ignore").encode()
    elif isinstance(value, str):
        yield value.encode()
    elif isinstance(value, dict | list):
        yield json.dumps(value, ensure_ascii=False, default=str).encode()
    else:
        yield str(value).encode()


def scan_sqlite_files(database_url: str, needles: list[Needle]) -> Findings:
    """The database file as a thief would copy it, with its write-ahead log and journal if present.

    Free pages keep deleted rows' bytes (``PRAGMA secure_delete`` is off by default), and the WAL
    keeps earlier versions of changed pages until a checkpoint, so a file can hold more than the rows.
    """
    path = Path(make_url(database_url).database or "")
    files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-journal")]
    return scan_files((file for file in files if file.exists()), path.parent, needles)


def scan_folder(folder: Path, needles: list[Needle]) -> Findings:
    """Every file under a folder (none if it does not exist), named by its path from the folder's parent."""
    files = (file for file in sorted(folder.rglob("*")) if file.is_file()) if folder.exists() else iter(())
    return scan_files(files, folder.parent, needles)


def scan_files(files: Iterable[Path], root: Path, needles: list[Needle]) -> Findings:
    return {str(file.relative_to(root)): found_in(file.read_bytes(), needles) for file in files}


def scan_pg_dump(database_url: str, needles: list[Needle]) -> Findings:
    """A plain-SQL pg_dump of the database, its COPY data split into table.column, bytea decoded."""
    findings: Findings = defaultdict(set)
    table, columns = "", list[str]()
    for line in pg_dump(database_url).split(b"\n"):
        if table and line == b"\\.":
            table = ""
        elif table:
            for column, field in zip(columns, line.split(b"\t"), strict=True):
                for stored in _copy_values(field):
                    findings[f"{table}.{column}"] |= found_in(stored, needles)
        elif copy := re.match(rb"COPY (?:\w+\.)?\"?(\w+)\"? \((.*)\) FROM stdin;", line):
            table, columns = copy[1].decode(), [name.strip(' "') for name in copy[2].decode().split(",")]
        else:
            findings["(the dump's statements outside COPY data)"] |= found_in(line, needles)
    return findings


def pg_dump(database_url: str) -> bytes:
    """The dump's bytes; fails (never skips) when there is no pg_dump, since CI installs one."""
    program = shutil.which("pg_dump") or next(iter(sorted(glob.glob(PG_DUMP_GLOB), reverse=True)), None)
    if program is None:
        pytest.fail(
            f"pg_dump is needed to check a dump of the PostgreSQL database and was found neither on PATH nor at "
            f"{PG_DUMP_GLOB}: install the PostgreSQL client (Debian: postgresql-client, as "
            "scripts/ensure-postgres.sh does by installing postgresql)"
        )
    url = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
    done = subprocess.run([program, "--no-owner", "--no-privileges", url], capture_output=True, timeout=300)
    if done.returncode != 0:
        pytest.fail(f"{program} failed ({done.returncode}): {done.stderr.decode(errors='replace')}")
    return done.stdout


COPY_ESCAPES = {b"b": b"\b", b"f": b"\f", b"n": b"\n", b"r": b"\r", b"t": b"\t", b"v": b"\v", b"\\": b"\\"}


def _copy_values(field: bytes) -> Iterator[bytes]:
    """A COPY text field as stored: escapes undone, and a bytea's \\x hex decoded too."""
    if field == b"\\N":
        return
    value = re.sub(rb"\\(.)", lambda escape: COPY_ESCAPES.get(escape[1], escape[1]), field)
    yield value
    if hexadecimal := re.fullmatch(rb"\\x([0-9a-f]*)", value):
        raw = bytes.fromhex(hexadecimal[1].decode())
        yield raw
        yield raw.decode("utf-8", errors="ignore").encode()
