import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["**/node_modules/**", "tests/fixtures/**"],
    // Real DuckDB, real SQLite files and real subprocesses: generous timeouts, forked workers.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
