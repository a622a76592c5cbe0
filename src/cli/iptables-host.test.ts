// `--iptables-host reference|real-node` on `rules` and `trace`: which host the
// iptables rules are printed for (IptablesProgramOptions.hostProfile).
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runCli } from './run';

const dir = fileURLToPath(new URL('./testdata/', import.meta.url));
const fixture = (name: string): string => `${dir}${name}`;

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: { write: (s) => void (out += s) }, stderr: { write: (s) => void (err += s) } });
  return { code, out, err };
}

const rules = (...extra: string[]) => cli(['rules', fixture('my-service.yaml'), '--node', 'node-a', ...extra]);
const trace = (...extra: string[]) => cli(['trace', fixture('nodeport.yaml'), '--from', '198.51.100.7', '--to', 'node-a:30080', ...extra]);

describe('svcviz rules --iptables-host', () => {
  it('default (reference host of upstream proxier_test.go): mark 0x4000, MASQUERADE without --random-fully', async () => {
    for (const r of [await rules(), await rules('--iptables-host', 'reference')]) {
      expect(r.code).toBe(0);
      expect(r.out).toContain('-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000\n');
      expect(r.out).toMatch(/-j MASQUERADE\n/);
      expect(r.out).not.toContain('0x00004000');
      expect(r.out).not.toContain('--random-fully');
    }
  });

  it('real-node: Go\u2019s %#08x mark and MASQUERADE --random-fully; the next default run is the reference again', async () => {
    const r = await rules('--iptables-host', 'real-node');
    expect(r.code).toBe(0);
    expect(r.out).toContain('-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000\n');
    expect(r.out).toContain('--xor-mark 0x00004000\n');
    expect(r.out).toContain('-j MASQUERADE --random-fully\n');
    expect(r.out).not.toMatch(/0x4000\b/);
    expect((await rules()).out).toBe((await rules('--iptables-host', 'reference')).out);
    expect((await rules()).out).toContain('--or-mark 0x4000\n');
  });

  it('other modes accept it and are unchanged', async () => {
    for (const mode of ['ipvs', 'nftables', 'userspace']) {
      expect((await rules('--mode', mode, '--iptables-host', 'real-node')).out).toBe((await rules('--mode', mode)).out);
    }
  });

  it('an unknown host is a usage error; --help documents the flag', async () => {
    const bad = await rules('--iptables-host', 'laptop');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('option --iptables-host must be one of reference, real-node, got "laptop"');
    const help = await cli(['rules', '--help']);
    expect(help.out).toMatch(/--iptables-host reference\|real-node +iptables host: reference \(default; mark 0x4000\) or real-node \(0x00004000, MASQUERADE --random-fully\)/);
  });
});

describe('svcviz trace --iptables-host', () => {
  it('the hop rules are printed for the chosen host, the outcomes are the same', async () => {
    const ref = await trace();
    const real = await trace('--iptables-host', 'real-node');
    expect(ref.code).toBe(0);
    expect(real.code).toBe(0);
    expect(ref.out).toContain('-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000\n');
    expect(ref.out).not.toContain('0x00004000');
    expect(real.out).toContain('-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000\n');
    expect(real.out).not.toMatch(/0x4000\b/);
    const outcomes = (t: string) => t.split('\n').filter((l) => /^\[\d+\]|masqueraded:/.test(l.trim()));
    expect(outcomes(real.out)).toEqual(outcomes(ref.out));
    expect(outcomes(ref.out).length).toBeGreaterThan(0);
    // the backend is restored afterwards
    expect((await trace()).out).toBe(ref.out);
    expect((await cli(['trace', '--help'])).out).toContain('--iptables-host reference|real-node');
  });
});
