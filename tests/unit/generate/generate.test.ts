import { createHash } from "node:crypto";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generate, TABLES, type GenerateSummary } from "../../../src/generate/index.js";
import { CALIBRATION } from "../../../src/generate/scenario.js";
import { openDb, one, tempDir } from "./helpers.js";

const dir = tempDir();

function tableHashes(file: string): Record<string, string> {
  const db = openDb(file);
  try {
    const out: Record<string, string> = {};
    for (const t of TABLES) {
      const h = createHash("sha256");
      for (const row of db.prepare(`SELECT * FROM ${t.name} ORDER BY ${t.columns[0]!.name}`).raw().iterate()) h.update(JSON.stringify(row) + "\n");
      out[t.name] = h.digest("hex");
    }
    return out;
  } finally {
    db.close();
  }
}

describe("determinism", () => {
  it("same seed and options give identical tables; another seed differs in every student table", async () => {
    const a = await generate({ students: 300, seed: 7, years: 3, out: path.join(dir, "a.db") });
    const b = await generate({ students: 300, seed: "7", years: 3, out: path.join(dir, "b.db") });
    const c = await generate({ students: 300, seed: 8, years: 3, out: path.join(dir, "c.db") });
    const [ha, hb, hc] = [a, b, c].map((s) => tableHashes(s.path));
    expect(hb).toEqual(ha);
    for (const t of ["students", "admissions", "enrolments", "grades", "surveys", "support_usage", "assessments"]) {
      expect(hc![t], t).not.toBe(ha![t]);
    }
  });
});

describe("a 2,000-student university", () => {
  let s: GenerateSummary;
  beforeAll(async () => {
    s = await generate({ students: 2000, seed: 42, years: 4, out: path.join(dir, "u.db") });
  });

  it("declares every table, primary key, foreign key and index, and passes foreign_key_check", () => {
    const db = openDb(s.path);
    try {
      expect(db.prepare("PRAGMA foreign_key_check").all()).toEqual([]);
      for (const t of TABLES) {
        const cols = db.prepare(`PRAGMA table_info(${t.name})`).all() as { name: string; pk: number }[];
        expect(cols.map((x) => x.name)).toEqual(t.columns.map((x) => x.name));
        expect(cols.filter((x) => x.pk === 1).map((x) => x.name)).toEqual([t.columns[0]!.name]);
      }
      const fks = db.prepare("PRAGMA foreign_key_list(grades)").all() as { table: string }[];
      expect(fks.map((f) => f.table).sort()).toEqual(["assessments", "enrolments"]);
      const ix = db.prepare("SELECT count(*) n FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%' OR name LIKE 'ux_%'").get() as { n: number };
      expect(ix.n).toBeGreaterThanOrEqual(10);
    } finally {
      db.close();
    }
  });

  it("holds the core contract's codes and formats", () => {
    const db = openDb(s.path);
    try {
      const bad = (sql: string) => (one<{ n: number }>(db, `SELECT count(*) n FROM ${sql}`)).n;
      expect(bad("students WHERE level NOT IN ('UG','PGT') OR mode NOT IN ('FT','PT') OR wp_flag NOT IN (0,1) OR entry_year NOT GLOB '[0-9][0-9][0-9][0-9]/[0-9][0-9]'")).toBe(0);
      expect(bad("modules WHERE term NOT IN ('T1','T2','T3') OR academic_year NOT GLOB '20[0-9][0-9]/[0-9][0-9]' OR credits NOT IN (15,20,30,60)")).toBe(0);
      expect(bad("(SELECT module_id, sum(weight) w FROM assessments GROUP BY 1) WHERE w <> 1")).toBe(0);
      expect(bad("modules m WHERE NOT EXISTS (SELECT 1 FROM assessments a WHERE a.module_id = m.module_id)")).toBe(0);
      expect(bad("assessments WHERE date(due_date) IS NOT due_date OR (feedback_date IS NOT NULL AND (date(feedback_date) IS NOT feedback_date OR feedback_date <= due_date))")).toBe(0);
      expect(bad("grades WHERE attempt NOT IN (1,2) OR mark NOT BETWEEN 0 AND 100")).toBe(0);
      // A resit only follows a failed first sit of the same component.
      expect(bad(`grades r JOIN grades f ON f.enrolment_id = r.enrolment_id AND f.assessment_id = r.assessment_id AND f.attempt = 1
                  WHERE r.attempt = 2 AND f.mark >= 50`)).toBe(0);
      expect(one<{ n: number }>(db, "SELECT count(*) n FROM grades WHERE attempt = 2").n).toBeGreaterThan(0);
      expect(bad("grades g JOIN enrolments e USING (enrolment_id) JOIN assessments a USING (assessment_id) WHERE a.module_id <> e.module_id")).toBe(0);
      expect(bad("surveys WHERE score NOT BETWEEN 1 AND 5 OR theme NOT IN ('teaching','learning_opportunities','assessment_feedback','academic_support','organisation_management','learning_resources','student_voice')")).toBe(0);
      expect(bad("enrolments e JOIN students s USING (student_id) JOIN modules m USING (module_id) WHERE m.programme <> s.programme")).toBe(0);
      expect(bad("enrolments WHERE status = 'withdrawn' AND enrolment_id IN (SELECT enrolment_id FROM grades)")).toBe(0);
      expect(bad("complaints WHERE resolved_date IS NOT NULL AND resolved_date < received_date")).toBe(0);
      expect(bad("placements WHERE end_date <= start_date")).toBe(0);
      expect(bad("admissions WHERE outcome = 'enrolled' AND student_id IS NULL")).toBe(2000 - 2000);
      expect(one<{ n: number }>(db, "SELECT count(*) n FROM admissions WHERE outcome = 'enrolled'").n).toBe(2000);
      // Not every student answers the module survey.
      const resp = one<{ r: number }>(db, "SELECT count(DISTINCT student_id) * 1.0 / (SELECT count(*) FROM students) r FROM surveys");
      expect(resp.r).toBeGreaterThan(0.2);
      expect(resp.r).toBeLessThan(1);
    } finally {
      db.close();
    }
  });

  it("shows the KPI signal within the ranges the scenario documents", () => {
    const db = openDb(s.path);
    try {
      db.exec(`CREATE TEMP TABLE mm AS SELECT e.enrolment_id, e.module_id, sum(a.weight * g.mark) mark
               FROM enrolments e JOIN grades g ON g.enrolment_id = e.enrolment_id AND g.attempt = 1
               JOIN assessments a ON a.assessment_id = g.assessment_id GROUP BY 1, 2`);
      const pass = one<{ p: number }>(db, "SELECT avg(mark >= 50) p FROM mm").p;
      expect(pass).toBeGreaterThanOrEqual(CALIBRATION.firstAttemptPassRate[0]);
      expect(pass).toBeLessThanOrEqual(CALIBRATION.firstAttemptPassRate[1]);

      const bins = one<Record<string, number>>(db, `SELECT avg(d <= 10) le10, avg(d BETWEEN 11 AND 15) d11to15,
        avg(d BETWEEN 16 AND 20) d16to20, avg(d > 20) gt20
        FROM (SELECT julianday(feedback_date) - julianday(due_date) d FROM assessments WHERE feedback_date IS NOT NULL)`);
      for (const [k, [lo, hi]] of Object.entries(CALIBRATION.turnaroundShare)) {
        expect(bins[k], k).toBeGreaterThanOrEqual(lo);
        expect(bins[k], k).toBeLessThanOrEqual(hi);
      }

      const themes = db.prepare("SELECT theme, avg(score) m FROM surveys GROUP BY 1").all() as { theme: string; m: number }[];
      expect(themes).toHaveLength(7);
      for (const t of themes) {
        expect(t.m, t.theme).toBeGreaterThanOrEqual(CALIBRATION.themeMean[0]);
        expect(t.m, t.theme).toBeLessThanOrEqual(CALIBRATION.themeMean[1]);
      }
      const mean = (th: string) => themes.find((t) => t.theme === th)!.m;
      expect(mean("assessment_feedback")).toBeLessThan(mean("teaching"));

      const risk = one<{ runs: number; atRisk: number }>(db, `
        WITH p AS (SELECT module_id, avg(mark >= 50) pr FROM mm GROUP BY 1),
             s AS (SELECT module_id, avg(score) sm FROM surveys GROUP BY 1)
        SELECT (SELECT count(*) FROM modules) runs, sum(pr < 0.70 AND sm < 3.5) atRisk FROM p JOIN s USING (module_id)`);
      expect(risk.atRisk).toBeGreaterThanOrEqual(1);
      expect(risk.atRisk / risk.runs).toBeGreaterThanOrEqual(CALIBRATION.atRiskRunShare[0]);
      expect(risk.atRisk / risk.runs).toBeLessThanOrEqual(CALIBRATION.atRiskRunShare[1]);
    } finally {
      db.close();
    }
  });

  it("links causes to effects: slow feedback lowers A&F, WP and mature students leave more", () => {
    const db = openDb(s.path);
    try {
      const af = db.prepare(`
        WITH t AS (SELECT module_id, avg(julianday(feedback_date) - julianday(due_date)) d FROM assessments GROUP BY 1)
        SELECT d > 20 slow, avg(score) m FROM surveys JOIN t USING (module_id) WHERE item = 'af_timely' AND d IS NOT NULL GROUP BY 1 ORDER BY 1`).all() as { m: number }[];
      expect(af).toHaveLength(2);
      expect(af[1]!.m).toBeLessThan(af[0]!.m - 0.2);
      const leave = (where: string) => one<{ r: number }>(db,
        `SELECT avg(status = 'withdrawn') r FROM students WHERE level = 'UG' AND mode = 'FT' AND ${where}`).r;
      expect(leave("mature_flag = 1")).toBeGreaterThan(leave("mature_flag = 0"));
      expect(leave("polar4_quintile = 1")).toBeGreaterThan(leave("polar4_quintile = 5"));
    } finally {
      db.close();
    }
  });

  it("scales row counts about linearly with students", async () => {
    const half = await generate({ students: 1000, seed: 42, years: 4, out: path.join(dir, "half.db") });
    const rows = (x: GenerateSummary, t: string) => x.tables.find((r) => r.name === t)!.rows;
    for (const t of ["students", "admissions", "enrolments", "grades", "surveys", "support_usage"]) {
      const ratio = rows(s, t) / rows(half, t);
      expect(ratio, t).toBeGreaterThan(1.8);
      expect(ratio, t).toBeLessThan(2.2);
    }
    expect(s.totalRows).toBe(s.tables.reduce((n, t) => n + t.rows, 0));
  });
});
