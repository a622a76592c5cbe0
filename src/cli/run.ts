// `svcviz <command> [options] FILE...`: dispatch, help and exit codes.
// 0 success, 1 failure (validation errors, unknown objects, unreadable
// input), 2 bad command line (usage printed on stderr).

import { formatFlags, parseArgs, UsageError } from './args';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliCommand } from './command';
import { clusterCommand } from './commands/cluster';
import { dnsCommand } from './commands/dns';
import { endpointsCommand } from './commands/endpoints';
import { rulesCommand } from './commands/rules';
import { traceCommand } from './commands/trace';
import { validateCommand } from './commands/validate';
import { InputError, type CliIO } from './io';

export const COMMANDS: readonly CliCommand[] = [
  validateCommand,
  endpointsCommand,
  clusterCommand,
  dnsCommand,
  rulesCommand,
  traceCommand,
];

export function globalUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: svcviz <command> [options] FILE...',
    '',
    'Kubernetes Services, simulated: manifests in, what the API server, the controllers,',
    'the cluster DNS and kube-proxy make of them out.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'FILE may be - to read standard input. Run "svcviz <command> --help" for its options.',
    '',
  ].join('\n');
}

export function commandUsage(c: CliCommand): string {
  return [`Usage: ${c.synopsis}`, '', c.description, '', 'Options:', formatFlags(c.flags), ''].join('\n');
}

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(globalUsage());
    return EXIT_USAGE;
  }
  if (name === '-h' || name === '--help' || name === 'help') {
    const target = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.stdout.write(target ? commandUsage(target) : globalUsage());
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`svcviz: unknown command "${name}"\n\n${globalUsage()}`);
    return EXIT_USAGE;
  }
  try {
    const args = parseArgs(rest, command.flags);
    if (args.help) {
      io.stdout.write(commandUsage(command));
      return EXIT_OK;
    }
    if (args.positionals.length === 0) throw new UsageError('no input FILE given (use - for standard input)');
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`svcviz ${command.name}: ${e.message}\n\n${commandUsage(command)}`);
      return EXIT_USAGE;
    }
    if (e instanceof InputError) {
      io.stderr.write(`svcviz ${command.name}: ${e.message}\n`);
      return EXIT_FAILURE;
    }
    // Anything else is a bug or a missing piece of the model: say what, not a stack trace.
    io.stderr.write(`svcviz ${command.name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_FAILURE;
  }
}
