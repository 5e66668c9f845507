"""Regenerates tests/e2e/golden/shop-catalog.dbt.json: what real dbt (dbt-core 1.11 + dbt-duckdb 1.11)
writes to catalog.json for the shop fixture, reduced to what qe must match (relations, their types,
columns with types and positions). Run with the project venv:

    .venv/dbt/bin/python scripts/dbt-golden/shop_catalog.py

It builds a copy of tests/fixtures/shop in a temp folder (dbt seed, dbt run, dbt docs generate);
the repository is not touched except for the golden file.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DBT = os.path.join(os.path.dirname(sys.executable), "dbt")
OUT = os.path.join(ROOT, "tests", "e2e", "golden", "shop-catalog.dbt.json")


def reduce(catalog):
    """The comparable part of a catalog: per unique id, the relation and its columns in order."""
    def table(t):
        cols = sorted(t["columns"].values(), key=lambda c: c["index"])
        return {
            "type": t["metadata"]["type"],
            "database": t["metadata"]["database"],
            "schema": t["metadata"]["schema"],
            "name": t["metadata"]["name"],
            "columns": [[c["name"], c["type"], c["index"]] for c in cols],
        }
    return {
        "nodes": {k: table(v) for k, v in sorted(catalog["nodes"].items())},
        "sources": {k: table(v) for k, v in sorted(catalog["sources"].items())},
    }


def main():
    with tempfile.TemporaryDirectory(prefix="qe-dbt-shop-") as tmp:
        project = os.path.join(tmp, "shop")
        shutil.copytree(os.path.join(ROOT, "tests", "fixtures", "shop"), project)
        env = dict(os.environ, DBT_PROFILES_DIR=project, DBT_SEND_ANONYMOUS_USAGE_STATS="false")
        for args in (["seed"], ["run"], ["docs", "generate"]):
            subprocess.run([DBT, "--quiet", *args], cwd=project, env=env, check=True)
        with open(os.path.join(project, "target", "catalog.json")) as f:
            catalog = json.load(f)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(reduce(catalog), f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
