// Column lineage on SQL fixtures, parsed by a real in-memory DuckDB: each output column's upstream
// columns through CTEs, joins with aliases, aggregates, windows, `*`, UNION ALL and subqueries.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";
import { readCatalog, sqlParserOf } from "../../../src/adapters/catalog.js";
import { statementLineage } from "../../../src/docs/lineage/statement-lineage.js";
import { varLookup } from "../../../src/docs/lineage/var-literals.js";
import type { ColumnLineage, RelationResolver } from "../../../src/docs/lineage/types.js";

let wh: DuckDBAdapter;
let parse: (sql: string) => Promise<unknown>;
let resolve: RelationResolver;

beforeAll(async () => {
  wh = await DuckDBAdapter.open();
  parse = sqlParserOf(wh)!;
  await wh.exec(`
    create table grades (enrolment_id integer, assessment_id integer, attempt integer, mark integer);
    create table assessments (assessment_id integer, module_id integer, weight double);
    create table enrolments (enrolment_id integer, student_id integer, module_id integer);
    create table students (student_id integer, programme varchar);
    create schema raw; create table raw.surveys (student_id integer, score integer);
  `);
  const catalog = await readCatalog(wh);
  resolve = (schema, name) => {
    const rel = catalog.find((r) => r.name === name && (schema === undefined ? r.schema === "main" : r.schema === schema));
    return rel && { node: rel.name, columns: rel.columns.map((c) => c.name) };
  };
});
afterAll(() => wh.close());

/** Lineage of every column of `sql`, with the warehouse naming the output columns. */
async function lineage(sql: string, varAt?: Parameters<typeof statementLineage>[0]["varAt"]): Promise<Record<string, ColumnLineage>> {
  const columns = (await wh.describe(sql)).map((c) => c.name);
  const out = statementLineage({ tree: await parse(sql), columns, resolve, varAt });
  return Object.fromEntries(out.map((c) => [c.column, c]));
}

/** "node.column" strings of a column's upstream, sorted. */
const up = (c: ColumnLineage | undefined) => c?.upstream.map((u) => `${u.node}.${u.column}`);

describe("column lineage", () => {
  it("follows a CTE chain through a join and an aggregate", async () => {
    const l = await lineage(`
      with weighted as (
        select g.enrolment_id, g.mark * a.weight as wm, a.weight
        from grades as g inner join assessments as a on a.assessment_id = g.assessment_id
        where g.attempt = 1
      ),
      totals as (select enrolment_id, sum(wm) / sum(weight) as module_mark from weighted group by enrolment_id)
      select enrolment_id, module_mark, module_mark >= 40 as is_passed from totals`);
    expect(up(l["enrolment_id"])).toEqual(["grades.enrolment_id"]);
    expect(l["enrolment_id"]!.passthrough).toBe(true);
    expect(up(l["module_mark"])).toEqual(["assessments.weight", "grades.mark"]);
    expect(l["module_mark"]!.passthrough).toBe(false);
    expect(up(l["is_passed"])).toEqual(["assessments.weight", "grades.mark"]);
    expect(Object.values(l).every((c) => c.status === "traced")).toBe(true);
  });

  it("resolves join aliases, renames and USING columns (both sides)", async () => {
    const l = await lineage(`
      select e.enrolment_id as id, s.programme as prog, student_id, m.weight
      from enrolments e
      join students s using (student_id)
      left join assessments as m on m.module_id = e.module_id`);
    expect(up(l["id"])).toEqual(["enrolments.enrolment_id"]);
    expect(l["id"]!.passthrough).toBe(true);
    expect(up(l["prog"])).toEqual(["students.programme"]);
    expect(up(l["student_id"])).toEqual(["enrolments.student_id", "students.student_id"]);
    expect(up(l["weight"])).toEqual(["assessments.weight"]);
  });

  it("counts FILTER clauses of aggregates; count(*) reads no column; GROUP BY columns pass through", async () => {
    const l = await lineage(`
      select module_id, count(*) as n, count(*) filter (where mark >= 40) as passed, avg(mark) as mean
      from grades join assessments using (assessment_id) group by module_id`);
    expect(up(l["module_id"])).toEqual(["assessments.module_id"]);
    expect(l["n"]).toMatchObject({ status: "traced", upstream: [] });
    expect(up(l["passed"])).toEqual(["grades.mark"]);
    expect(up(l["mean"])).toEqual(["grades.mark"]);
  });

  it("reads window functions' arguments, PARTITION BY and ORDER BY", async () => {
    const l = await lineage(`
      select enrolment_id,
             row_number() over (partition by assessment_id order by mark desc) as rn,
             sum(mark) over (partition by enrolment_id) as total,
             lag(attempt) over w as prev_attempt
      from grades window w as (order by enrolment_id)`);
    expect(up(l["rn"])).toEqual(["grades.assessment_id", "grades.mark"]);
    expect(up(l["total"])).toEqual(["grades.enrolment_id", "grades.mark"]);
    expect(up(l["prev_attempt"])).toEqual(["grades.attempt", "grades.enrolment_id"]);
  });

  it("expands select * with EXCLUDE, REPLACE and RENAME, qualified stars, and USING columns once", async () => {
    const l = await lineage(`select * exclude (attempt) replace (mark / 100 as mark) rename (enrolment_id as eid) from grades`);
    expect(Object.keys(l)).toEqual(["eid", "assessment_id", "mark"]);
    expect(up(l["eid"])).toEqual(["grades.enrolment_id"]);
    expect(l["mark"]!.passthrough).toBe(false);
    const j = await lineage(`select * from enrolments e join students s using (student_id)`);
    expect(Object.keys(j)).toEqual(["enrolment_id", "student_id", "module_id", "programme"]);
    expect(up(j["student_id"])).toEqual(["enrolments.student_id", "students.student_id"]);
    expect(up(j["programme"])).toEqual(["students.programme"]);
    const q = await lineage(`select s.*, e.module_id from enrolments e join students s on s.student_id = e.student_id`);
    expect(Object.keys(q)).toEqual(["student_id", "programme", "module_id"]);
    expect(up(q["student_id"])).toEqual(["students.student_id"]);
  });

  it("merges UNION ALL branches by position (and UNION BY NAME by name)", async () => {
    const l = await lineage(`
      select enrolment_id as id, mark as v from grades
      union all select student_id, null from students
      union all select student_id, score from raw.surveys`);
    expect(up(l["id"])).toEqual(["grades.enrolment_id", "students.student_id", "surveys.student_id"]);
    expect(up(l["v"])).toEqual(["grades.mark", "surveys.score"]);
    const n = await lineage(`select student_id, programme from students union all by name select score, student_id from raw.surveys`);
    expect(up(n["student_id"])).toEqual(["students.student_id", "surveys.student_id"]);
    expect(up(n["score"])).toEqual(["surveys.score"]);
  });

  it("follows derived tables, scalar and correlated subqueries, IN lists and select-list aliases", async () => {
    const l = await lineage(`
      select t.sid,
             (select max(a.weight) from assessments a where a.module_id = t.mid) as max_w,
             t.mid in (select module_id from assessments) as has_assessment,
             t.sid * 2 as twice, twice + 1 as twice_plus
      from (select student_id as sid, module_id as mid from enrolments) as t`);
    expect(up(l["sid"])).toEqual(["enrolments.student_id"]);
    expect(l["sid"]!.passthrough).toBe(true);
    expect(up(l["max_w"])).toEqual(["assessments.weight"]);
    expect(up(l["has_assessment"])).toEqual(["assessments.module_id", "enrolments.module_id"]);
    expect(up(l["twice_plus"])).toEqual(["enrolments.student_id"]);
  });

  it("marks what it cannot follow as untraceable, never guessing", async () => {
    const f = await lineage(`select range as n from range(3)`);
    expect(f["n"]).toMatchObject({ status: "untraceable", upstream: [] });
    expect(f["n"]!.reason).toContain("table_function");
    const c = await lineage(`select columns('^mark|attempt$') from grades`);
    expect(Object.values(c).every((x) => x.status === "untraceable")).toBe(true);
    const r = await lineage(`with recursive r(n) as (select 1 union all select n + 1 from r where n < 3) select n from r`);
    expect(r["n"]!.status).toBe("untraceable");
    // A constant is traced and reads nothing.
    const k = await lineage(`select 'UG' as level, mark from grades`);
    expect(k["level"]).toMatchObject({ status: "traced", upstream: [], passthrough: false });
  });

  it("names the var a literal came from when the template line shows it", async () => {
    const raw = "select\n    mark,\n    round(mark, 6) >= {{ var('pass_mark') }} as is_passed,\n    {{ var('cap') }} as cap\nfrom grades";
    const sql = "select\n    mark,\n    round(mark, 6) >= 50 as is_passed,\n    0.7 as cap\nfrom grades";
    const varAt = varLookup({ compiledSql: sql, sourceLines: [1, 2, 3, 4, 5], rawSql: raw, vars: { pass_mark: 50, cap: 0.7 } });
    const l = await lineage(sql, varAt);
    expect(l["is_passed"]).toMatchObject({ upstream: [{ node: "grades", column: "mark" }], vars: ["pass_mark"] });
    expect(l["cap"]!.vars).toEqual(["cap"]);
    expect(l["mark"]!.vars).toEqual([]);
  });
});
