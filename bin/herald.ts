#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { runCli } from '../src/cli/run-cli.ts';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  strict: false,
  options: { help: { type: 'boolean', short: 'h' }, 'no-build': { type: 'boolean' } },
});
process.exitCode = await runCli(positionals, { help: values.help === true, noBuild: values['no-build'] === true });
