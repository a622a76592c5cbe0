// Entry point of `npm run -s svcviz -- …`: wires the real process to runCli.

import { readStream } from './io';
import { runCli } from './run';

const code = await runCli(process.argv.slice(2), {
  stdout: { write: (s) => void process.stdout.write(s) },
  stderr: { write: (s) => void process.stderr.write(s) },
  stdin: () => readStream(process.stdin),
});
process.exitCode = code;
