#!/usr/bin/env node
// The main job: generate the source system if missing, load, build, test, export.
import { runBin } from "../dist/cli/bin.js";
await runBin("qe-run", process.argv.slice(2));
