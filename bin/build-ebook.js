#!/usr/bin/env node
// Loads the compiled CLI (built into lib/ by `npm install`'s prepare script).
import { main } from '../lib/cli.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
