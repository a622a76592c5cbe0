// The shape every `svcviz` command has: its flags, its help text and a run
// function that writes through the injected writers and returns an exit code.

import type { FlagSpecs, ParsedArgs } from './args';
import type { CliIO } from './io';

export interface CliCommand {
  name: string;
  /** one line for the global help */
  summary: string;
  /** `svcviz <name> …` synopsis */
  synopsis: string;
  /** longer description shown by --help */
  description: string;
  flags: FlagSpecs;
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}

export const EXIT_OK = 0;
/** validation errors, unknown objects, unreadable files */
export const EXIT_FAILURE = 1;
/** bad command line */
export const EXIT_USAGE = 2;
