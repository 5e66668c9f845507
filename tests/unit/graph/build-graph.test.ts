import { describe, expect, it } from "vitest";
import { buildGraph, CycleError, UnknownDependencyError } from "../../../src/graph/index.js";
import { link, node, short } from "./fixtures.js";

describe("buildGraph", () => {
  it("orders parents first, ties by id", () => {
    const g = buildGraph(link([node("c", { deps: ["a"] }), node("b"), node("a"), node("d", { deps: ["c", "b"] })]));
    expect(short(g.order)).toEqual(["a", "b", "c", "d"]);
    expect(short(g.parents.get(g.order[3]!)!)).toEqual(["b", "c"]);
    expect(short(g.children.get(g.order[0]!)!)).toEqual(["c"]);
  });

  it("is independent of input order", () => {
    const nodes = link([node("z"), node("y", { deps: ["z"] }), node("x"), node("w", { deps: ["x", "y"] })]);
    expect(buildGraph(nodes).order).toEqual(buildGraph([...nodes].reverse()).order);
  });

  it("prints a cycle's path with files, in data-flow order", () => {
    const nodes = link([
      node("a", { deps: ["c"] }),
      node("b", { deps: ["a"] }),
      node("c", { deps: ["b"] }),
      node("root"),
      node("after", { deps: ["c"] }),
    ]);
    let err: unknown;
    try {
      buildGraph(nodes);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CycleError);
    const e = err as CycleError;
    expect(e.code).toBe("cycle");
    expect(e.message).toBe("dependency cycle: a (models/a.sql) -> b (models/b.sql) -> c (models/c.sql) -> a (models/a.sql)");
    expect(e.loc?.file).toBe("models/a.sql");
  });

  it("reports a self-reference as a cycle", () => {
    expect(() => buildGraph(link([node("a", { deps: ["a"] })]))).toThrow("a (models/a.sql) -> a (models/a.sql)");
  });

  it("rejects a dependency on an unknown node", () => {
    expect(() => buildGraph(link([node("a", { deps: ["model.proj.b"] })]))).toThrow(UnknownDependencyError);
  });
});

describe("runOrder", () => {
  it("runs a model's tests before its children, but a multi-parent test after all its parents", async () => {
    const { runOrder } = await import("../../../src/graph/index.js");
    const g = buildGraph(
      link([
        node("a"),
        node("b", { deps: ["a"] }),
        node("c", { deps: ["b"] }),
        node("z_test_a", { kind: "generic_test", deps: ["a"] }),
        node("rel_b_a", { kind: "generic_test", deps: ["b", "a"] }),
      ]),
    );
    expect(short(g.order)).toEqual(["a", "b", "c", "rel_b_a", "z_test_a"]);
    expect(short(runOrder(g, g.order))).toEqual(["a", "z_test_a", "b", "rel_b_a", "c"]);
  });
});
