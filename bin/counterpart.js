#!/usr/bin/env node
// The `counterpart` command. The TypeScript core is compiled to dist/ by `npm install` (the prepare script).
let runCli;
try {
  ({ runCli } = await import('../dist/src/cli/main.js'));
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  process.stderr.write('counterpart: the program is not built yet; run `npm install` (or `npm run build`) first.\n');
  process.exit(1);
}
process.exitCode = await runCli(process.argv);
