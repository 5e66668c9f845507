#!/usr/bin/env python3
"""Render the conformance probes with real dbt-core + dbt-duckdb and write the golden files.

Each probe in tests/conformance/probes/*.yml becomes models/probes/<id>.sql (plus its macros) in a
copy of tests/conformance/project; `dbt compile` renders them all in one invocation per distinct
(vars, env). A probe dbt refuses at parse time stops the whole parse: it is recorded as an error,
taken out, and the rest compiled again. Output, per probe <id> = <file stem>__<name>:

  tests/conformance/golden/<id>.sql     dbt's compiled SQL, byte for byte
  tests/conformance/golden/<id>.error   dbt refused it (first line "error"; the rest is dbt's message, for people)
  tests/conformance/golden/configs.json materialized/schema/alias for probes with `check_config: true`

Run it with `npm run golden:dbt` (needs .venv/dbt); it never runs in CI. Usage:
  render_probes.py [--only SUBSTRING]
"""
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import yaml
from dbt.cli.main import dbtRunner
from dbt_common.clients.jinja import get_environment
from jinja2 import TemplateSyntaxError

ROOT = Path(__file__).resolve().parents[2]
PROBES = ROOT / "tests/conformance/probes"
PROJECT = ROOT / "tests/conformance/project"
GOLDEN = ROOT / "tests/conformance/golden"
KEYS = {"name", "template", "macros", "vars", "env", "check_config", "compare", "isolate", "note"}


def load_probes():
    probes = []
    for f in sorted(PROBES.glob("*.yml")):
        for p in yaml.safe_load(f.read_text()) or []:
            unknown = set(p) - KEYS
            if unknown or "name" not in p or "template" not in p:
                sys.exit(f"{f.name}: bad probe {p.get('name')!r} (unknown keys {sorted(unknown)})")
            p["id"] = f"{f.stem}__{p['name']}"
            if not re.fullmatch(r"[a-z][a-z0-9_]*", p["id"]):
                sys.exit(f"{f.name}: probe id {p['id']!r} must be lower-case letters, digits and _")
            probes.append(p)
    ids = [p["id"] for p in probes]
    dups = {i for i in ids if ids.count(i) > 1}
    if dups:
        sys.exit(f"duplicate probe ids: {sorted(dups)}")
    return probes


def write_project(d: Path, probes):
    shutil.copytree(PROJECT, d, dirs_exist_ok=True)
    (d / "models/probes").mkdir(parents=True, exist_ok=True)
    (d / "macros/probes").mkdir(parents=True, exist_ok=True)
    for p in probes:
        (d / f"models/probes/{p['id']}.sql").write_text(p["template"])
        if p.get("macros"):
            (d / f"macros/probes/{p['id']}.sql").write_text(p["macros"])


def culprit(message: str, ids):
    for pat in (r"models/probes/(\w+)\.sql", r"macros/probes/(\w+)\.sql", r"model\.probes\.(\w+)", r"model (\w+) \("):
        for m in re.finditer(pat, message):
            if m.group(1) in ids:
                return m.group(1)
    return None


def syntax_error(p):
    """dbt's own Jinja environment refuses the text: no need for a whole dbt parse to learn that."""
    env = get_environment()
    for text in (p["template"], p.get("macros") or ""):
        try:
            env.parse(text)
        except TemplateSyntaxError as e:
            return f"Compilation Error in model {p['id']} (models/probes/{p['id']}.sql)\n  {e.message}\n    line {e.lineno}"
    return None


def parse_error(probes, vars_):
    """dbt parse of just these probes: None, or dbt's message."""
    d = Path(tempfile.mkdtemp(prefix="qe-probes-"))
    write_project(d, probes)
    cwd = os.getcwd()
    os.chdir(d)
    try:
        res = dbtRunner().invoke(["parse", "--project-dir", str(d), "--profiles-dir", str(d), "--no-partial-parse",
                                  "--quiet", "--vars", json.dumps(vars_ or {})])
        return None if res.exception is None else str(res.exception)
    finally:
        os.chdir(cwd)
        shutil.rmtree(d, ignore_errors=True)


def bisect_parse_failure(probes, vars_):
    """dbt named no file (e.g. a config schema error): halve the set until one probe fails alone."""
    while len(probes) > 1:
        half = probes[: len(probes) // 2]
        probes = half if parse_error(half, vars_) is not None else probes[len(probes) // 2:]
    return probes[0]["id"] if probes and parse_error(probes, vars_) is not None else None


def compile_group(probes, vars_, env):
    """{id: ("sql", text) | ("error", message)}, configs {id: {...}}."""
    out, configs = {}, {}
    remaining = {}
    for p in probes:
        err = syntax_error(p)
        if err:
            out[p["id"]] = ("error", err)
        else:
            remaining[p["id"]] = p
    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    os.environ.update({k: str(v) for k, v in (env or {}).items()})
    try:
        while remaining:
            d = Path(tempfile.mkdtemp(prefix="qe-probes-"))
            write_project(d, remaining.values())
            os.chdir(d)
            args = ["compile", "--project-dir", str(d), "--profiles-dir", str(d), "--no-partial-parse", "--quiet",
                    "--no-write-json", "--vars", json.dumps(vars_ or {})]
            res = dbtRunner().invoke(args)
            os.chdir(saved_cwd)
            if res.exception is not None:
                msg = str(res.exception)
                bad = culprit(msg, remaining)
                if bad is None:
                    bad = bisect_parse_failure(list(remaining.values()), vars_)
                    if bad is None:
                        sys.exit(f"dbt failed outside any probe:\n{msg}")
                    msg = parse_error([remaining[bad]], vars_)
                out[bad] = ("error", msg)
                del remaining[bad]
                shutil.rmtree(d, ignore_errors=True)
                continue
            for r in res.result.results:
                node = r.node
                if node.name not in remaining:
                    continue
                if str(r.status) == "error":
                    out[node.name] = ("error", r.message or "error")
                else:
                    out[node.name] = ("sql", node.compiled_code)
                configs[node.name] = {"materialized": node.config.materialized, "schema": node.schema, "alias": node.alias}
            missing = set(remaining) - set(out)
            for m in missing:
                out[m] = ("error", "dbt did not compile this node")
            shutil.rmtree(d, ignore_errors=True)
            break
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        os.chdir(saved_cwd)
    return out, configs


def main():
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    probes = [p for p in load_probes() if only is None or only in p["id"]]
    groups = {}
    for p in probes:
        # A probe whose macros would change other probes' output (an override) compiles on its own.
        key = json.dumps([p.get("vars") or {}, p.get("env") or {}, p["id"] if p.get("isolate") else None], sort_keys=True)
        groups.setdefault(key, []).append(p)
    results, configs = {}, {}
    for key, group in groups.items():
        vars_, env, _ = json.loads(key)
        print(f"dbt compile: {len(group)} probes (vars {vars_}, env {env})", flush=True)
        o, c = compile_group(group, vars_, env)
        results.update(o)
        configs.update(c)
    GOLDEN.mkdir(parents=True, exist_ok=True)
    if only is None:
        for f in GOLDEN.glob("*"):
            f.unlink()
    cfg_file = GOLDEN / "configs.json"
    all_cfg = json.loads(cfg_file.read_text()) if cfg_file.exists() else {}
    for p in probes:
        kind, text = results[p["id"]]
        for ext in ("sql", "error"):
            (GOLDEN / f"{p['id']}.{ext}").unlink(missing_ok=True)
        if kind == "sql":
            (GOLDEN / f"{p['id']}.sql").write_text(text)
        else:
            (GOLDEN / f"{p['id']}.error").write_text("error\n" + strip_ansi(text).strip() + "\n")
        all_cfg.pop(p["id"], None)
        if p.get("check_config") and kind == "sql":
            all_cfg[p["id"]] = configs[p["id"]]
    cfg_file.write_text(json.dumps(dict(sorted(all_cfg.items())), indent=2) + "\n")
    n_err = sum(1 for p in probes if results[p["id"]][0] == "error")
    print(f"{len(probes)} probes rendered: {len(probes) - n_err} compiled, {n_err} errors")


def strip_ansi(s: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", s)


if __name__ == "__main__":
    main()
