"""Prints, as JSON, every relation of a DuckDB file outside the given schemas: its columns with
types and a digest of its sorted rows. Used by dbt-differential.test.ts so that qe's and dbt's
warehouses are read by one DuckDB (dbt's), whatever storage version each writer used.

usage: relation_snapshot.py DB_FILE [SKIP_SCHEMA ...]
"""
import json
import sys

import duckdb

db, skip = sys.argv[1], ["dbt_test__audit", *sys.argv[2:]]
con = duckdb.connect(db, read_only=True)
rels = con.execute(
    "select table_schema, table_name from information_schema.tables"
    " where table_catalog = current_database() and not list_contains(?, table_schema) order by 1, 2",
    [skip],
).fetchall()
out = {}
for schema, name in rels:
    cols = con.execute(
        "select column_name, data_type from information_schema.columns"
        " where table_catalog = current_database() and table_schema = ? and table_name = ? order by ordinal_position",
        [schema, name],
    ).fetchall()
    n, digest = con.execute(
        f'select count(*), md5(string_agg(r, \'|\' order by r)) from (select cast(t as varchar) as r from "{schema}"."{name}" t)'
    ).fetchone()
    out[f"{schema}.{name}"] = {"columns": ", ".join(f"{c} {t}" for c, t in cols), "rows": f"{n} rows, {digest}"}
print(json.dumps(out))
