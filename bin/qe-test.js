#!/usr/bin/env node
// Runs every data test and unit test against the built warehouse.
import { runBin } from "../dist/cli/bin.js";
await runBin("qe-test", process.argv.slice(2));
