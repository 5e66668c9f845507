export { buildGraph, type Graph } from "./build-graph.js";
export { selectNodes, type IndirectSelection } from "./select-nodes.js";
export { parseSelector, type Criterion, type SelectorExpr } from "./selector-parse.js";
export { CycleError, SelectorError, UnknownDependencyError } from "./errors.js";
export { runOrder } from "./run-order.js";
