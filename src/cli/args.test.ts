import { describe, expect, it } from 'vitest';
import { formatFlags, parseArgs, UsageError, type FlagSpecs } from './args';

const specs: FlagSpecs = {
  node: { type: 'string', description: 'node', metavar: 'NAME' },
  mode: { type: 'string', choices: ['iptables', 'ipvs'], description: 'mode' },
  json: { type: 'boolean', description: 'json' },
  sample: { type: 'integer', description: 'k' },
};

describe('parseArgs', () => {
  it.each([
    ['positionals and - (stdin)', ['a.yaml', '-'], { positionals: ['a.yaml', '-'], flags: {}, help: false }],
    ['--flag value', ['--node', 'node-a', 'f'], { positionals: ['f'], flags: { node: 'node-a' }, help: false }],
    ['--flag=value', ['--node=node-b'], { positionals: [], flags: { node: 'node-b' }, help: false }],
    ['boolean flag', ['--json', 'f'], { positionals: ['f'], flags: { json: true }, help: false }],
    ['integer flag', ['--sample', '10'], { positionals: [], flags: { sample: 10 }, help: false }],
    ['choice flag', ['--mode', 'ipvs'], { positionals: [], flags: { mode: 'ipvs' }, help: false }],
    ['-h anywhere', ['f', '-h'], { positionals: ['f'], flags: {}, help: true }],
    ['--help', ['--help'], { positionals: [], flags: {}, help: true }],
    ['-- ends options', ['--', '--json'], { positionals: ['--json'], flags: {}, help: false }],
  ])('%s', (_name, argv, expected) => {
    expect(parseArgs(argv, specs)).toEqual(expected);
  });

  it.each([
    ['unknown long option', ['--nope'], 'unknown option: --nope'],
    ['unknown short option', ['-x'], 'unknown option: -x'],
    ['missing value', ['--node'], 'option --node needs a value'],
    ['value on a boolean', ['--json=1'], 'option --json takes no value'],
    ['not an integer', ['--sample', 'ten'], 'option --sample needs an integer, got "ten"'],
    ['not a choice', ['--mode', 'bpf'], 'option --mode must be one of iptables, ipvs, got "bpf"'],
  ])('rejects %s', (_name, argv, message) => {
    expect(() => parseArgs(argv, specs)).toThrow(new UsageError(message));
  });
});

describe('formatFlags', () => {
  it('lists every flag with its value placeholder and --help', () => {
    const text = formatFlags(specs);
    expect(text).toContain('--node NAME');
    expect(text).toContain('--mode iptables|ipvs');
    expect(text).toContain('--sample N');
    expect(text).toMatch(/--json\s+json/);
    expect(text).toContain('-h, --help');
  });
});
