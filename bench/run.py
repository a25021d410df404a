"""``make bench``: runs every benchmark section and writes BENCHMARKS.md.

Each section measures its own baseline in the same run and reports ratios: these machines are
noisy, so absolute times mean little. Benchmarks report; they never fail the build.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from bench.common import BenchContext

SECTIONS = [
    "bench.intake",
    "bench.round_trips",
    "bench.email",
    "bench.sms",
    "bench.staff",
    "bench.partneradmin",
    "bench.web",
    "bench.reading",
    "bench.monitoring",
    "bench.at_rest",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg-admin-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--out", default="BENCHMARKS.md")
    parser.add_argument("--quick", action="store_true", help="small sizes, to try the benchmarks out")
    parser.add_argument("--only", action="append", help="run only these sections (e.g. bench.intake)")
    args = parser.parse_args()
    context = BenchContext(pg_admin_url=args.pg_admin_url, quick=args.quick)
    parts = [_header(args.quick)]
    for name in args.only or SECTIONS:
        parts.append(_run_section(name, context))
    Path(args.out).write_text("\n\n".join(parts) + "\n")
    print(f"wrote {args.out}")


def _run_section(name: str, context: BenchContext) -> str:
    print(f"running {name} ...", flush=True)
    started = time.monotonic()
    try:
        section = importlib.import_module(name).measure(context)
    except Exception:  # noqa: BLE001 - a broken benchmark is reported, not fatal
        return f"## {name}\n\nThis section failed to run:\n\n```\n{traceback.format_exc()}```"
    print(f"  {name} took {time.monotonic() - started:.0f} s", flush=True)
    return str(section).strip()


def _header(quick: bool) -> str:
    size = "QUICK run (small sizes; not comparable with a full run)" if quick else "full run"
    return (
        "# Benchmarks\n\n"
        "Written by `make bench`. Every figure that matters is a ratio against a baseline measured in the same "
        "run on the same machine, because absolute times on these shared machines are noisy. Absolute numbers "
        "are given for context only.\n\n"
        f"- {size}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n"
        f"- Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.system()} {platform.release()}"
    )


if __name__ == "__main__":
    sys.exit(main())
