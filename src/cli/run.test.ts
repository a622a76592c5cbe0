// svcviz command line, run in-process through runCli with captured output.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
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

describe('commands', () => {
  it('validate: one located line per diagnostic, exit 1 on errors', async () => {
    const r = await cli(['validate', fixture('invalid-port.yaml')]);
    expect(r.out).toBe(`${fixture('invalid-port.yaml')}:10:7: error: Service "default/broken": spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n`);
    expect(r.code).toBe(1);
  });

  it('validate: a valid manifest prints nothing and exits 0; - reads standard input', async () => {
    expect(await cli(['validate', fixture('my-service.yaml')])).toEqual({ code: 0, out: '', err: '' });
    const r = await cli(['validate', '-'], 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  ports:\n  - port: 70000\n');
    expect(r.out).toContain('-:7:5: error: Service "default/x": spec.ports[0].port: Invalid value: 70000');
    expect(r.code).toBe(1);
  });

  it('endpoints: the controller\'s EndpointSlices as multi-document YAML', async () => {
    const r = await cli(['endpoints', fixture('my-service.yaml')]);
    expect(r.code).toBe(0);
    const docs = r.out.split('---\n').map((d) => load(d) as { kind: string; metadata: { name: string; labels: Record<string, string> }; endpoints: unknown[]; ports: unknown[] });
    expect(docs.every((d) => d.kind === 'EndpointSlice')).toBe(true);
    const mine = docs.find((d) => d.metadata.labels['kubernetes.io/service-name'] === 'my-service')!;
    expect(mine.metadata.name).toMatch(/^my-service-[a-z0-9]{5}$/);
    expect(mine.endpoints).toHaveLength(3);
    expect(mine.ports).toEqual([{ name: '', protocol: 'TCP', port: 9376 }]);
  });

  it('cluster: Services with allocated clusterIPs, Pods with nodes and IPs', async () => {
    const r = await cli(['cluster', fixture('my-service.yaml')]);
    expect(r.code).toBe(0);
    const docs = r.out.split('---\n').map((d) => load(d) as { kind: string; metadata: { name: string }; spec: Record<string, unknown>; status?: Record<string, unknown> });
    const svc = docs.find((d) => d.kind === 'Service' && d.metadata.name === 'my-service')!;
    expect(svc.spec.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\./);
    expect(docs.find((d) => d.metadata.name === 'kubernetes')!.spec.clusterIP).toBe('10.96.0.1');
    const client = docs.find((d) => d.kind === 'Pod' && d.metadata.name === 'client')!;
    expect(client.spec.nodeName).toMatch(/^node-/);
    expect(client.status!.podIP).toMatch(/^10\.244\./);
  });

  it.each([
    [['my-service'], 'my-service.default.svc.cluster.local.'],
    [['db.prod.svc.cluster.local.', '--type', 'CNAME'], 'CNAME'],
    [['nope'], 'NXDOMAIN'],
  ])('dns %j prints the answer as dig does', async (args, text) => {
    const r = await cli(['dns', fixture('my-service.yaml'), fixture('external-name.yaml'), ...args]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(text);
  });

  it('rules: the node\'s iptables-restore payload', async () => {
    const r = await cli(['rules', fixture('my-service.yaml'), '--node', 'node-a']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\*filter$/m);
    expect(r.out).toContain('-A KUBE-SERVICES -m comment --comment "default/my-service cluster IP" -m tcp -p tcp -d ');
    expect(r.out).toContain('COMMIT');
  });

  it('rules: every mode renders; an unknown node is a failure', async () => {
    for (const mode of ['ipvs', 'nftables']) {
      const r = await cli(['rules', fixture('my-service.yaml'), '--node', 'node-a', '--mode', mode]);
      expect(r.code).toBe(0);
      expect(r.out.length).toBeGreaterThan(100);
    }
    const bad = await cli(['rules', fixture('my-service.yaml'), '--node', 'node-z']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('node "node-z" not found (nodes: node-a, node-b, node-c)');
  });

  it('rules --as-stored: nothing allocated, so no node-port rule and no load-balancer rule', async () => {
    const stored = await cli(['rules', fixture('as-stored.yaml'), '--node', 'node-a', '--as-stored']);
    expect(stored.code).toBe(0);
    expect(stored.out).not.toMatch(/-A KUBE-NODEPORTS .*default\/web/);
    expect(stored.out).not.toContain('loadbalancer IP');
    expect(stored.out).toContain('-j DNAT --to-destination 10.244.0.7:8080');
    expect(stored.out).not.toContain('default/kubernetes');
    const completed = await cli(['rules', fixture('as-stored.yaml'), '--node', 'node-a']);
    expect(completed.out).toMatch(/-A KUBE-NODEPORTS .*default\/web:http/);
    expect(completed.out).toContain('default/kubernetes');
  });

  it('rules/trace: validation problems are warnings on stderr and do not stop the command', async () => {
    const r = await cli(['rules', fixture('my-service.yaml'), fixture('invalid-port.yaml'), '--node', 'node-a']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('spec.ports[0].port: Invalid value: 0');
    expect(r.out).toContain('default/my-service cluster IP');
  });

  it('trace --json: every outcome with the documented fields', async () => {
    const r = await cli(['trace', fixture('my-service.yaml'), '--from', 'pod/default/client', '--to', 'my-service:80', '--json']);
    expect(r.code).toBe(0);
    const { outcomes } = JSON.parse(r.out) as { outcomes: Record<string, unknown>[] };
    expect(outcomes).toHaveLength(3);
    for (const o of outcomes) {
      expect(Object.keys(o)).toEqual(['verdict', 'endpoint', 'pod', 'probability', 'masqueraded', 'sourceIPAtPod', 'hops']);
      expect(o).toMatchObject({ verdict: 'DNAT', masqueraded: false, probability: expect.closeTo(1 / 3, 12) });
      expect(o.pod).toMatch(/^default\/web-/);
    }
  });

  it('trace (text): outcomes with probability, masquerade, source IP and hop rules', async () => {
    const r = await cli(['trace', fixture('my-service.yaml'), '--from', 'node/node-a', '--to', 'my-service']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('3 possible outcomes:');
    expect(r.out).toMatch(/\[1\] DNAT 10\.244\.\d+\.\d+:9376 \(pod default\/web-[a-z0-9-]+\) {2}probability 1\/3 \(0\.3333\)/);
    expect(r.out).toContain('masqueraded: yes, source IP at pod: ');
    expect(r.out).toContain('kube-proxy (iptables): -A KUBE-SVC-');
  });

  it('trace --sample K --seed S: K connections in order, the same for the same seed', async () => {
    const argv = ['trace', fixture('my-service.yaml'), '--from', 'pod/client', '--to', 'my-service', '--sample', '5', '--seed', '9', '--json', '--mode', 'ipvs'];
    const a = await cli(argv);
    const { samples } = JSON.parse(a.out) as { samples: { endpoint: string }[] };
    expect(samples).toHaveLength(5);
    expect(samples[3]!.endpoint).toBe(samples[0]!.endpoint);
    expect((await cli(argv)).out).toBe(a.out);
  });

  it('trace --sample (text): each connection in order, then the kube-proxy state they left', async () => {
    const r = await cli(['trace', fixture('my-service.yaml'), '--from', 'pod/client', '--to', 'my-service', '--sample', '4', '--mode', 'ipvs']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('4 connections (seed 1):');
    expect(r.out.match(/^#\d DNAT /gm)).toHaveLength(4);
    expect(r.out).toContain('kube-proxy state after these connections:');
    expect(r.out).toMatch(/\[node-a\] 2 active connections to 10\.244\./);
  });

  it.each([
    [[], /^web\.default\.svc\.cluster\.local\. \d+ IN A 10\.96\.0\.80$/, /^10\.244\.1\.\d+:8080$/],
    [['--family', 'IPv6'], /^web\.default\.svc\.cluster\.local\. \d+ IN AAAA fd00:10:96::80$/, /^\[fd00:10:244:1::\w+\]:8080$/],
  ])('trace on a dual-stack cluster %j: that family\'s record and endpoint', async (flags, dns, endpoint) => {
    const r = await cli(['trace', fixture('dual-stack.yaml'), '--from', 'pod/client', '--to', 'web', '--json', ...flags]);
    expect(r.code).toBe(0);
    const { outcomes } = JSON.parse(r.out) as { outcomes: { endpoint: string; pod: string; hops: { rule: string }[] }[] };
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]!.pod).toBe('default/web-a');
    expect(outcomes[0]!.endpoint).toMatch(endpoint);
    expect(outcomes[0]!.hops[0]!.rule).toMatch(dns);
  });

  it('trace: an unknown source is a failure with a message', async () => {
    const r = await cli(['trace', fixture('my-service.yaml'), '--from', 'pod/ghost', '--to', 'my-service']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('svcviz trace: pod "default/ghost" not found');
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
