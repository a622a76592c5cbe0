// svcviz command line, run in-process through runCli with captured output.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runCli } from './run';

const dir = fileURLToPath(new URL('./testdata/', import.meta.url));
const fixture = (name: string): string => `${dir}${name}`;

async function cli(argv: string[], stdin?: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    stdout: { write: (s) => void (out += s) },
    stderr: { write: (s) => void (err += s) },
    ...(stdin !== undefined ? { stdin } : {}),
  });
  return { code, out, err };
}

describe('usage and help', () => {
  it.each([
    [[], 2, 'err', 'Usage: svcviz <command> [options] FILE...'],
    [['--help'], 0, 'out', 'Commands:'],
    [['help', 'trace'], 0, 'out', 'Usage: svcviz trace FILE... --from SRC --to DST'],
    [['frobnicate'], 2, 'err', 'svcviz: unknown command "frobnicate"'],
    [['rules', '--bogus', 'x.yaml'], 2, 'err', 'svcviz rules: unknown option: --bogus'],
    [['trace', '--mode', 'bpf', 'x.yaml'], 2, 'err', 'option --mode must be one of iptables, ipvs, nftables, userspace, got "bpf"'],
    [['validate'], 2, 'err', 'no input FILE given (use - for standard input)'],
    [['rules', fixture('my-service.yaml')], 2, 'err', 'rules needs --node NAME'],
    [['trace', fixture('my-service.yaml'), '--to', '10.0.0.1:80'], 2, 'err', 'trace needs --from SRC'],
    [['dns', fixture('my-service.yaml')], 2, 'err', 'dns needs FILE... and a NAME to look up'],
  ])('svcviz %j exits %d', async (argv, code, stream, text) => {
    const r = await cli(argv);
    expect(r.code).toBe(code);
    expect(stream === 'out' ? r.out : r.err).toContain(text);
  });

  it.each(['validate', 'endpoints', 'cluster', 'dns', 'rules', 'trace'])('%s --help prints its usage and options on stdout', async (name) => {
    const r = await cli([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Usage: svcviz ${name}`);
    expect(r.out).toContain('-h, --help');
    expect(r.err).toBe('');
  });

  it('a missing file is a failure (exit 1), not a usage error', async () => {
    const r = await cli(['validate', fixture('nope.yaml')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('cannot read');
  });
});

describe('npm run -s svcviz (end to end)', () => {
  it('runs the real entry point: validate reports the invalid port with its location, exit 1', async () => {
    const { spawnSync } = await import('node:child_process');
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const r = spawnSync('npm', ['run', '-s', 'svcviz', '--', 'validate', '-'], {
      cwd: root,
      input: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: broken\nspec:\n  ports:\n    - port: 0\n',
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stdout).toContain('-:7:7: error: Service "default/broken": spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive');
    expect(r.status).toBe(1);
  }, 60_000);
});
