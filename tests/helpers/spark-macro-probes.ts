// dbt's cross-database macros on Spark: each probe is a template, the SQL qe renders for it with
// `target.type == spark`, and the value Spark gives for that SQL (cast to string). The unit suite
// checks the rendering; the Spark suite runs each on the cluster.
import { loadProject } from "../../src/project/index.js";
import { compileProject } from "../../src/compile/index.js";
import { tempProject } from "../unit/project/temp-project.js";

export interface MacroProbe {
  name: string;
  template: string;
  sql: string;
  /** What sparkProbeQuery gives for the SQL on Spark; null for NULL. */
  value: string | null;
}

/** One probe's SQL on Spark: one row, the value as text, over three rows of `x` for the aggregates. */
export const sparkProbeQuery = (sql: string): string =>
  `select distinct cast(${sql} as string) as v from (select 'b' as x union all select 'a' union all select 'c') as t`;

export const SPARK_MACRO_PROBES: MacroProbe[] = [
  { name: "dateadd_day", template: `{{ dbt.dateadd('day', 7, "date'2024-01-31'") }}`, sql: "timestampadd(DAY, cast(7 as bigint), date'2024-01-31')", value: "2024-02-07 00:00:00" },
  { name: "dateadd_month", template: `{{ dbt.dateadd('month', -1, "date'2024-03-31'") }}`, sql: "timestampadd(MONTH, cast(-1 as bigint), date'2024-03-31')", value: "2024-02-29 00:00:00" },
  { name: "dateadd_hour", template: `{{ dbt.dateadd('hour', '1 + 1', "timestamp'2024-01-01 23:30:00'") }}`, sql: "timestampadd(HOUR, cast(1 + 1 as bigint), timestamp'2024-01-01 23:30:00')", value: "2024-01-02 01:30:00" },
  { name: "datediff_day", template: `{{ dbt.datediff("date'2024-01-01'", "date'2024-03-01'", 'day') }}`, sql: "datediff(date'2024-03-01', date'2024-01-01')", value: "60" },
  {
    name: "datediff_week", template: `{{ dbt.datediff("date'2024-01-06'", "date'2024-01-07'", 'week') }}`,
    sql: "(floor(datediff(date'2024-01-07', date'1970-01-04') / 7) - floor(datediff(date'2024-01-06', date'1970-01-04') / 7))", value: "1",
  },
  {
    name: "datediff_month", template: `{{ dbt.datediff("date'2024-01-31'", "date'2024-02-01'", 'month') }}`,
    sql: "((year(date'2024-02-01') * 12 + month(date'2024-02-01')) - (year(date'2024-01-31') * 12 + month(date'2024-01-31')))", value: "1",
  },
  {
    name: "datediff_quarter", template: `{{ dbt.datediff("date'2023-12-31'", "date'2024-04-01'", 'quarter') }}`,
    sql: "((year(date'2024-04-01') * 4 + quarter(date'2024-04-01')) - (year(date'2023-12-31') * 4 + quarter(date'2023-12-31')))", value: "2",
  },
  { name: "datediff_year", template: `{{ dbt.datediff("date'2023-12-31'", "date'2024-01-01'", 'year') }}`, sql: "(year(date'2024-01-01') - year(date'2023-12-31'))", value: "1" },
  {
    name: "datediff_hour", template: `{{ dbt.datediff("timestamp'2024-01-01 10:59:00'", "timestamp'2024-01-01 11:00:00'", 'hour') }}`,
    sql: "(floor(unix_timestamp(timestamp'2024-01-01 11:00:00') / 3600) - floor(unix_timestamp(timestamp'2024-01-01 10:59:00') / 3600))", value: "1",
  },
  { name: "date", template: "{{ dbt.date(2024, 2, 29) }}", sql: "to_date('2024-02-29', 'yyyy-MM-dd')", value: "2024-02-29" },
  {
    name: "last_day", template: `{{ dbt.last_day("date'2024-02-10'", 'month') }}`,
    sql: "cast( timestampadd(DAY, cast(-1 as bigint), timestampadd(MONTH, cast(1 as bigint), date_trunc('month', date'2024-02-10'))) as date)", value: "2024-02-29",
  },
  { name: "escape_single_quotes", template: `'{{ dbt.escape_single_quotes("it's") }}'`, sql: "'it\\'s'", value: "it's" },
  { name: "listagg", template: `{{ dbt.listagg('x', "', '", 'order by x') }}`, sql: "listagg(x, ', ') within group (order by x)", value: "a, b, c" },
  // collect_list's order is Spark's to choose: two of the three values, joined.
  { name: "listagg_limit", template: `length({{ dbt.listagg('x', "'|'", limit_num=2) }})`, sql: "length(array_join(slice(collect_list(x), 1, 2), '|'))", value: "3" },
  { name: "array_concat", template: "size({{ dbt.array_concat(dbt.array_construct([1, 2]), dbt.array_construct([3])) }})", sql: "size(concat(array( 1 , 2 ), array( 3 )))", value: "3" },
  { name: "array_construct_empty", template: "size({{ dbt.array_construct([], 'int') }})", sql: "size(cast(array() as array<int>))", value: "0" },
  { name: "generate_series", template: "(select sum(generated_number) from ({{ dbt.generate_series(10) }}) as s)", sql: "(select sum(generated_number) from (select explode(sequence(1, 10)) as generated_number) as s)", value: "55" },
  { name: "safe_cast", template: `{{ dbt.safe_cast("'x'", api.Column.translate_type('integer')) }}`, sql: "try_cast('x' as integer)", value: null },
  { name: "type_numeric", template: "cast(1.5 as {{ dbt.type_numeric() }})", sql: "cast(1.5 as decimal(28,6))", value: "1.500000" },
  { name: "type_string", template: "cast(12 as {{ dbt.type_string() }})", sql: "cast(12 as string)", value: "12" },
  { name: "hash", template: `{{ dbt.hash("'a'") }}`, sql: "md5(cast('a' as string))", value: "0cc175b9c0f1b6a831c399e269772661" },
  { name: "cast_bool_to_text", template: "{{ dbt.cast_bool_to_text('1 = 1') }}", sql: "cast(1 = 1 as string)", value: "true" },
  { name: "concat", template: `{{ dbt.concat(["'a'", "'b'"]) }}`, sql: "'a' || 'b'", value: "ab" },
  { name: "position", template: `{{ dbt.position("'b'", "'abc'") }}`, sql: "position( 'b' in 'abc' )", value: "2" },
  { name: "split_part", template: `{{ dbt.split_part("'a,b,c'", "','", 2) }}`, sql: "split_part( 'a,b,c', ',', 2 )", value: "b" },
];

/** A project whose default target is Spark, one model per probe (`select <template> as v`); returns each probe's rendered expression. */
export async function renderOnSpark(probes: readonly MacroProbe[]): Promise<Map<string, string>> {
  const files: Record<string, string> = {
    "dbt_project.yml": "name: demo\nversion: '1.0'\nconfig-version: 2\nprofile: demo\n",
    "profiles.yml": "demo:\n  target: spark\n  outputs:\n    spark:\n      type: spark\n      method: connect\n      host: 127.0.0.1\n      port: 15002\n      schema: main\n",
  };
  for (const p of probes) files[`models/${p.name}.sql`] = `select ${p.template} as v`;
  const project = loadProject({ projectDir: tempProject(files), partialParse: false });
  const nodes = await compileProject(project, {});
  return new Map(probes.map((p) => [p.name, nodes.find((n) => n.name === p.name)!.sql.replace(/^select /, "").replace(/ as v$/, "").trim()]));
}
