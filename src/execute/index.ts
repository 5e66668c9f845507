export { execute, NoRunnerError, type ExecuteOptions, type NodeRunner } from "./execute.js";
export { planModel, withSuffix, TMP_SUFFIX, type ModelPlan, type Statement, type RelationKind } from "./materialize.js";
export { runModel, relationKind, type ModelRunOptions } from "./run-model.js";
export { defaultRunners, MissingSourceError, seedOf } from "./runners.js";
export { modelError, sourceLineOf } from "./sql-error.js";
