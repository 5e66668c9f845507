// Writes a synthetic dbt-style project of N models for the compile measurement: layered
// staging → intermediate → marts, each model refs 1–5 upstream models, macros, vars, sources and
// properties YAML with tests — the shape of a real mid-size project, deterministic for a given N.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface SyntheticProjectStats {
  models: number;
  staging: number;
  intermediate: number;
  marts: number;
  refs: number;
  sources: number;
  tests: number;
}

const SOURCE_TABLES = 20;

const MACROS = `{% macro safe_divide(num, den) -%}
  case when ({{ den }}) = 0 then null else ({{ num }}) * 1.0 / ({{ den }}) end
{%- endmacro %}

{% macro clean_code(col) -%}
  upper(trim({{ col }}))
{%- endmacro %}

{% macro band(col, edges) -%}
  case
  {%- for e in edges %}
    when {{ col }} <= {{ e }} then '<={{ e }}'
  {%- endfor %}
    else '>{{ edges | last }}'
  end
{%- endmacro %}
`;

/** Deterministic small PRNG (mulberry32): the same N always gives the same project. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Creates the project under dir (which must be empty or absent). */
export function writeSyntheticProject(dir: string, models: number): SyntheticProjectStats {
  const rand = rng(models);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const nStg = Math.max(1, Math.round(models * 0.2));
  const nMart = Math.max(1, Math.round(models * 0.3));
  const nInt = Math.max(0, models - nStg - nMart);
  for (const d of ["models/staging", "models/intermediate", "models/marts", "macros"]) mkdirSync(join(dir, d), { recursive: true });

  writeFileSync(join(dir, "dbt_project.yml"), projectYaml());
  writeFileSync(join(dir, "macros", "helpers.sql"), MACROS);

  const stg = Array.from({ length: nStg }, (_, i) => `stg_${pad(i)}`);
  const int = Array.from({ length: nInt }, (_, i) => `int_${pad(i)}`);
  const mart = Array.from({ length: nMart }, (_, i) => `mart_${pad(i)}`);
  let refs = 0;

  stg.forEach((name, i) => {
    const sql = `select
  id,
  {{ clean_code('code') }} as k,
  amount as v
from {{ source('raw', 'src_${pad(i % SOURCE_TABLES)}') }}
where amount is not null
`;
    writeFileSync(join(dir, "models/staging", `${name}.sql`), sql);
  });

  int.forEach((name, i) => {
    const upstream = [...stg, ...int.slice(0, i)];
    const parents = distinct(Array.from({ length: 1 + Math.floor(rand() * 5) }, () => pick(upstream)));
    refs += parents.length;
    writeFileSync(join(dir, "models/intermediate", `${name}.sql`), joinSql(parents, i % 7 === 0 ? "view" : undefined));
  });

  mart.forEach((name) => {
    const upstream = int.length ? int : stg;
    const parents = distinct(Array.from({ length: 1 + Math.floor(rand() * 5) }, () => pick(upstream)));
    refs += parents.length;
    writeFileSync(join(dir, "models/marts", `${name}.sql`), martSql(parents));
  });

  writeFileSync(join(dir, "models/staging", "_sources.yml"), sourcesYaml());
  let tests = 0;
  for (const [folder, names] of [["staging", stg], ["intermediate", int], ["marts", mart]] as const) {
    const { text, count } = propertiesYaml(names);
    tests += count;
    writeFileSync(join(dir, "models", folder, `_${folder}.yml`), text);
  }
  return { models: nStg + nInt + nMart, staging: nStg, intermediate: nInt, marts: nMart, refs, sources: SOURCE_TABLES, tests };
}

function pad(i: number): string {
  return String(i).padStart(4, "0");
}

function distinct<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function projectYaml(): string {
  return `name: bench_project
version: "1.0.0"
config-version: 2
profile: bench_project
model-paths: [models]
macro-paths: [macros]
target-path: target
vars:
  min_value: 0
  bands: [10, 50, 100]
models:
  bench_project:
    staging:
      +materialized: view
      +tags: [staging]
    intermediate:
      +materialized: table
    marts:
      +materialized: table
      +tags: [marts]
`;
}

function joinSql(parents: string[], materialized?: string): string {
  const cfg = materialized ? `{{ config(materialized='${materialized}') }}\n` : "";
  const [first, ...rest] = parents;
  const ctes = parents.map((p, i) => `p${i} as (\n  select id, k, v from {{ ref('${p}') }}\n)`).join(",\n");
  const joins = rest.map((_, i) => `left join p${i + 1} on p${i + 1}.id = p0.id`).join("\n");
  const sum = parents.map((_, i) => `coalesce(p${i}.v, 0)`).join(" + ");
  return `${cfg}-- built from ${first}${rest.length ? ` and ${rest.length} more` : ""}
with
${ctes}
select
  p0.id,
  p0.k,
  ${sum} as v
from p0
${joins}
where p0.v >= {{ var('min_value') }}
`;
}

function martSql(parents: string[]): string {
  const unions = parents.map((p) => `select id, k, v from {{ ref('${p}') }}`).join("\n  union all\n  ");
  return `{% set bands = var('bands') %}
with unioned as (
  ${unions}
)
select
  k,
  {{ band('v', bands) }} as v_band,
  count(*) as n,
  {{ safe_divide('sum(v)', 'count(*)') }} as v_mean
from unioned
group by all
`;
}

function sourcesYaml(): string {
  const tables = Array.from({ length: SOURCE_TABLES }, (_, i) => `      - name: src_${pad(i)}`).join("\n");
  return `version: 2
sources:
  - name: raw
    schema: raw
    tables:
${tables}
`;
}

/** Every model described; every third gets unique + not_null tests on its key. */
function propertiesYaml(names: readonly string[]): { text: string; count: number } {
  let count = 0;
  const entries = names.map((n, i) => {
    const isMart = n.startsWith("mart_");
    const key = isMart ? "k" : "id";
    if (i % 3 !== 0) return `  - name: ${n}\n    description: "Synthetic model ${n}."`;
    count += 2;
    return `  - name: ${n}
    description: "Synthetic model ${n}."
    columns:
      - name: ${key}
        description: "Key."
        data_tests:
          - not_null
          - unique`;
  });
  return { text: `version: 2\nmodels:\n${entries.join("\n")}\n`, count };
}
