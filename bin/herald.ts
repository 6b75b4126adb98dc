#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { runCli } from '../src/cli/run-cli.ts';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  strict: false,
  options: { help: { type: 'boolean', short: 'h' }, 'no-build': { type: 'boolean' } },
});
const code = await runCli(positionals, { help: values.help === true, noBuild: values['no-build'] === true });
// A failed start may leave handles open (a database pool, the embedded socket):
// exit now rather than linger holding the database.
if (code !== 0) process.exit(code);
