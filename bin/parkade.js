#!/usr/bin/env node
// The package's `parkade` bin: runs the TypeScript CLI through tsx, so the checkout needs no build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../scripts/cli/parkade.ts');
const { processIo } = await import('../scripts/cli/cliIo.ts');
process.exitCode = await main(process.argv.slice(2), processIo);
