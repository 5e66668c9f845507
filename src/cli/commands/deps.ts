import { resolve } from "node:path";
import { ProjectError } from "../../core/errors.js";
import { installPackages } from "../../project/install-packages.js";
import type { Command } from "./command.js";
import { BUILDERS } from "./definitions.js";

/** `qe deps`: links local packages into dbt_packages/; hub and git packages must already be there. */
export const depsCommand: Command = {
  name: "deps",
  describe: "install local packages from packages.yml into dbt_packages/",
  builder: BUILDERS.deps,
  run: async (args, ctx) => {
    const r = installPackages(resolve(ctx.cwd, String(args["project-dir"] ?? ".")));
    for (const l of r.linked) ctx.reporter.info(`installed ${l.name} from ${l.from} (${l.copied ? "copied" : "linked"} into ${r.installPath}/${l.name})`);
    for (const p of r.present) ctx.reporter.info(`${p}: already in ${r.installPath}/`);
    if (r.missing.length > 0) {
      throw new ProjectError("package-not-installed", `not installed: ${r.missing.join(", ")}`, { file: "packages.yml" },
        `qe downloads nothing: place ${r.missing.length === 1 ? "it" : "them"} in ${r.installPath}/ (for example with \`dbt deps\`, or git clone)`);
    }
    if (r.linked.length + r.present.length === 0) ctx.reporter.info("no packages to install");
    return { results: [] };
  },
};
