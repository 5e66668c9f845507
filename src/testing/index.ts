export { compileTests } from "./compile-tests.js";
export { createTestRunner, runDataTest, explainDatabaseError, type TestRunOptions, type TestResult } from "./run-data-test.js";
export { runUnitTests, type UnitTestOptions } from "./run-unit-tests.js";
export { writeJunit, junitXml } from "./junit.js";
export { testStatus, parseCondition, type TestStatus } from "./thresholds.js";
export { genericTestNames, type TestNames } from "./test-names.js";
export { builtinTestSql, builtinKey, BUILTIN_TEST_NAMES } from "./builtin-sql.js";
export { compareRows, formatDiff, type RowDiff } from "./unit-compare.js";
export { AUDIT_SCHEMA, isCompiledTest, asCompiledTest, type CompiledTest, type TestRenderer } from "./types.js";
