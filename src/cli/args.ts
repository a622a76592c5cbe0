// Command-line parsing, kept apart from what the commands do. GNU style:
// `--flag value`, `--flag=value`, boolean `--flag`, `-h`, `--` ends options,
// a lone `-` is a positional (standard input). Anything unknown is a usage
// error (exit 2), never silently ignored.

export interface FlagSpec {
  type: 'string' | 'boolean' | 'integer';
  /** allowed values for string flags */
  choices?: readonly string[];
  /** shown in --help */
  description: string;
  /** placeholder in --help, e.g. NAME */
  metavar?: string;
}

export type FlagSpecs = Record<string, FlagSpec>;

export type FlagValues = Record<string, string | number | boolean | undefined>;

export interface ParsedArgs {
  positionals: string[];
  flags: FlagValues;
  help: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseArgs(argv: readonly string[], specs: FlagSpecs): ParsedArgs {
  const positionals: string[] = [];
  const flags: FlagValues = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`unknown option: ${arg}`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = specs[name];
    if (!spec) throw new UsageError(`unknown option: --${name}`);
    if (spec.type === 'boolean') {
      if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
      flags[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined) throw new UsageError(`option --${name} needs a value`);
    flags[name] = convert(name, spec, value);
  }
  return { positionals, flags, help };
}

function convert(name: string, spec: FlagSpec, value: string): string | number {
  if (spec.type === 'integer') {
    if (!/^-?\d+$/.test(value)) throw new UsageError(`option --${name} needs an integer, got "${value}"`);
    return Number(value);
  }
  if (spec.choices && !spec.choices.includes(value)) {
    throw new UsageError(`option --${name} must be one of ${spec.choices.join(', ')}, got "${value}"`);
  }
  return value;
}

/** The options block of a command's --help. */
export function formatFlags(specs: FlagSpecs): string {
  const rows: [string, string][] = Object.entries(specs).map(([name, s]): [string, string] => {
    const meta = s.type === 'boolean' ? '' : ` ${s.metavar ?? (s.choices ? s.choices.join('|') : s.type === 'integer' ? 'N' : 'VALUE')}`;
    return [`--${name}${meta}`, s.description];
  });
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map(([l]) => l.length));
  return rows.map(([l, d]) => `  ${l.padEnd(width)}  ${d}`).join('\n');
}
