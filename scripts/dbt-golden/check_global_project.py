#!/usr/bin/env python3
"""Check global_project/macros against dbt itself: compile the cross_db and naming probes with dbt
while our macros sit in the root project, where dbt's dispatch finds our duckdb__/default__ variants
before its own, and compare (whitespace-insensitively) with the golden files dbt wrote from its own.
Run with .venv/dbt/bin/python; never runs in CI."""
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import render_probes as rp  # noqa: E402

_write = rp.write_project


def write_with_global(d, probes):
    _write(d, probes)
    shutil.copytree(rp.ROOT / "global_project/macros", Path(d) / "macros/qe_global")


def sql_tokens(s):
    return re.sub(r"\s*([()\[\],])\s*", r"\1", re.sub(r"\s+", " ", s)).strip()


def main():
    rp.write_project = write_with_global
    probes = [p for p in rp.load_probes() if (p["id"].startswith("cross_db__") or "generate_" in p["id"]) and not p.get("isolate")]
    out, _ = rp.compile_group(probes, {}, {})
    diffs = 0
    for p in probes:
        golden = rp.GOLDEN / f"{p['id']}.sql"
        kind, text = out[p["id"]]
        if golden.exists() and (kind != "sql" or sql_tokens(text) != sql_tokens(golden.read_text())):
            diffs += 1
            print(f"DIFF {p['id']}\n  ours: {sql_tokens(text)[:300]}\n  dbt:  {sql_tokens(golden.read_text())[:300]}")
    print(f"{len(probes) - diffs} of {len(probes)} probes render as dbt's own macros do")
    sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
