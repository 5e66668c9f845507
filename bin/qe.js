#!/usr/bin/env node
import { runBin } from "../dist/cli/bin.js";
await runBin("qe", process.argv.slice(2));
