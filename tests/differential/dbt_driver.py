"""Runs a scripted sequence of dbt commands on a copy of a fixture project, in one Python process
(dbt starts once), and writes what qe's differential tests compare to <out.json> (dbt logs to stdout):
  steps:  [{"step": "...", "success": bool, "statuses": {unique_id: status}, "batches": {unique_id: batch_results}}]
          (batches: run_results.json's batch_results of microbatch models, for the steps that write it)
  tables: {name: {"columns": [[name, type]], "rows": [[text, ...]]}}  (queries from compare.json)
Usage: dbt_driver.py <project_dir> <out.json> <step> [<step> ...]   where a step is a dbt command line
("build", "source freshness") or "copy:<dir>" (copy <project>/changes/<dir>/ over the project).
"""
import json
import os
import shutil
import sys

from dbt.cli.main import dbtRunner


def main() -> None:
    project, out_file, steps = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3:]
    os.chdir(project)
    runner = dbtRunner()
    out = {"steps": [], "tables": {}}
    for step in steps:
        if step.startswith("copy:"):
            shutil.copytree(os.path.join("changes", step[5:]), ".", dirs_exist_ok=True)
            continue
        res = runner.invoke(step.split() + ["--profiles-dir", ".", "--quiet"])
        statuses = {}
        results = getattr(res.result, "results", None) or []
        for r in results:
            uid = getattr(getattr(r, "node", None), "unique_id", None) or getattr(r, "unique_id", None)
            statuses[uid] = str(r.status.value if hasattr(r.status, "value") else r.status)
        batches = {}
        if step.split()[0] in ("build", "run"):
            with open(os.path.join("target", "run_results.json")) as f:
                batches = {r["unique_id"]: r["batch_results"] for r in json.load(f)["results"] if r.get("batch_results")}
        out["steps"].append({"step": step, "success": bool(res.success), "statuses": statuses, "batches": batches})
    import duckdb

    con = duckdb.connect(os.path.join("target", "diff.duckdb"))
    with open("compare.json") as f:
        queries = json.load(f)
    for name, sql in queries.items():
        try:
            cols = con.execute(f"describe ({sql})").fetchall()
            rows = con.execute(f"select columns(*)::varchar from ({sql})").fetchall()
            out["tables"][name] = {"columns": [[c[0], c[1]] for c in cols], "rows": [list(r) for r in rows]}
        except duckdb.Error as e:
            out["tables"][name] = {"error": str(e).split("\n")[0]}
    with open(out_file, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
