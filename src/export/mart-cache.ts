// Describes and reads each mart at most once per export, and says why a mart is absent.
import type { CompiledNode } from "../core/node-types.js";
import { didYouMean } from "../core/did-you-mean.js";
import { loadChartRows, type ChartRow } from "./chart-render.js";
import { describeMart, martExists, type MartInfo, type MartWarehouse } from "./mart-query.js";
import { ExportError } from "./types.js";

export class MartCache {
  /** A mart's description, or why it is absent. */
  private readonly infos = new Map<string, MartInfo | string>();
  private readonly data = new Map<string, ChartRow[]>();

  constructor(
    private readonly wh: MartWarehouse,
    private readonly models: readonly CompiledNode[],
  ) {}

  /** The mart's description; a `required` mart must exist in the warehouse, others may be absent (undefined). */
  async info(mart: string, required: boolean): Promise<MartInfo | undefined> {
    const got = await this.lookup(mart);
    if (typeof got !== "string") return got;
    if (required) {
      const node = this.models.find((n) => n.name === mart);
      throw new ExportError("export-mart-missing", `mart ${mart} is declared for export but ${got}`, node && { file: node.path }, "build it first: qe run");
    }
    return undefined;
  }

  /** The mart's rows as chart data, or undefined (after telling `skip` why) when the mart is absent. */
  async rows(mart: string, skip: (why: string) => void): Promise<ChartRow[] | undefined> {
    const got = await this.lookup(mart);
    if (typeof got === "string") {
      skip(got);
      return undefined;
    }
    let rows = this.data.get(mart);
    if (!rows) {
      rows = await loadChartRows(this.wh, got);
      this.data.set(mart, rows);
    }
    return rows;
  }

  private async lookup(mart: string): Promise<MartInfo | string> {
    const cached = this.infos.get(mart);
    if (cached !== undefined) return cached;
    const node = this.models.find((n) => n.name === mart);
    let got: MartInfo | string;
    if (!node) {
      const near = didYouMean(mart, this.models.map((n) => n.name));
      got = `no model named '${mart}' in the project${near ? ` (did you mean '${near}'?)` : ""}`;
    } else if (!(await martExists(this.wh, node))) {
      got = `${node.relation.schema}.${node.relation.name} does not exist`;
    } else {
      got = await describeMart(this.wh, node);
    }
    this.infos.set(mart, got);
    return got;
  }
}
