import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import type { EndpointSlice, Node, Pod, Service } from '../types';
import { planServiceSlices, reconcileServiceSlices } from './reconciler';
import { makeNode, makePod, makeService } from './fixtures';
import { NAME_ALPHABET } from './names';

const nodes = new Map<string, Node>([
  ['node-a', makeNode('node-a', { zone: 'zone-a' })],
  ['node-b', makeNode('node-b', { zone: 'zone-b' })],
]);

function pods(n: number, o: { prefix?: string; start?: number } = {}): Pod[] {
  const start = o.start ?? 0;
  return Array.from({ length: n }, (_, i) => {
    const k = start + i;
    return makePod(`${o.prefix ?? 'web'}-${k}`, { ip: `10.244.${Math.floor(k / 250)}.${(k % 250) + 1}`, node: k % 2 ? 'node-b' : 'node-a' });
  });
}

function run(svc: Service, ps: Pod[], existing: EndpointSlice[] = [], seed = 1, max?: number) {
  return planServiceSlices(svc, ps, nodes, existing, createRng(seed), { maxEndpointsPerSlice: max });
}

const addrs = (s: EndpointSlice) => s.endpoints.map((e) => e.addresses[0]);

describe('a new Service gets one slice', () => {
  const svc = makeService('web', { labels: { team: 'blue' } });
  const [slice] = run(svc, pods(2)).slices;

  it('is named <service>-<5 chars> from the generateName alphabet', () => {
    expect(slice!.metadata.generateName).toBe('web-');
    expect(slice!.metadata.name).toMatch(new RegExp(`^web-[${NAME_ALPHABET}]{5}$`));
  });

  it('carries the service-name, managed-by and the Service labels', () => {
    expect(slice!.metadata.labels).toEqual({
      team: 'blue',
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
  });

  it('is controlled by the Service', () => {
    expect(slice!.metadata.ownerReferences).toEqual([
      { apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'uid-svc-default-web', controller: true, blockOwnerDeletion: true },
    ]);
    expect(slice!.metadata.namespace).toBe('default');
  });

  it('lists the resolved ports and one endpoint per pod', () => {
    expect(slice!.addressType).toBe('IPv4');
    expect(slice!.ports).toEqual([{ name: 'http', protocol: 'TCP', port: 8080 }]);
    expect(addrs(slice!)).toEqual(['10.244.0.1', '10.244.0.2']);
  });

  it('is reproducible for the same seed', () => {
    expect(run(svc, pods(2), [], 7).slices[0]!.metadata.name).toBe(run(svc, pods(2), [], 7).slices[0]!.metadata.name);
  });
});

describe('which pods become endpoints', () => {
  const cases: { name: string; pod: Pod; want: string[] }[] = [
    { name: 'matching labels', pod: makePod('a', { ip: '10.0.0.1', labels: { app: 'web', tier: 'x' } }), want: ['10.0.0.1'] },
    { name: 'other labels', pod: makePod('a', { ip: '10.0.0.1', labels: { app: 'api' } }), want: [] },
    { name: 'other namespace', pod: makePod('a', { ip: '10.0.0.1', ns: 'other' }), want: [] },
    { name: 'no IP', pod: makePod('a'), want: [] },
    { name: 'Succeeded', pod: makePod('a', { ip: '10.0.0.1', phase: 'Succeeded' }), want: [] },
    { name: 'not ready (kept, ready=false)', pod: makePod('a', { ip: '10.0.0.1', ready: false }), want: ['10.0.0.1'] },
    { name: 'node unknown', pod: makePod('a', { ip: '10.0.0.1', node: 'ghost' }), want: [] },
  ];
  it.each(cases)('$name', ({ pod, want }) => {
    const slices = run(makeService('web'), [pod]).slices;
    expect(slices.flatMap(addrs)).toEqual(want);
  });

  it('a pod on an unknown node is still published with publishNotReadyAddresses', () => {
    const slices = run(makeService('web', { publishNotReadyAddresses: true }), [makePod('a', { ip: '10.0.0.1', node: 'ghost' })]).slices;
    expect(slices.flatMap(addrs)).toEqual(['10.0.0.1']);
    expect(slices[0]!.endpoints[0]!.zone).toBeUndefined();
  });
});

describe('Services the controller does not manage', () => {
  const cases = [
    { name: 'no selector', svc: makeService('web', { selector: null }) },
    { name: 'empty selector (stored as none)', svc: makeService('web', { selector: {} }) },
    { name: 'ExternalName', svc: makeService('web', { type: 'ExternalName', externalName: 'example.com' }) },
  ];
  it.each(cases)('$name: no slices created, existing ones untouched', ({ svc }) => {
    expect(run(svc, pods(3)).slices).toEqual([]);
    const stale = run(makeService('web'), pods(1)).slices;
    expect(run(svc, pods(3), stale).slices).toEqual(stale);
  });
});

describe('placeholder slice', () => {
  it('a Service selecting no pods gets one empty slice', () => {
    const slices = run(makeService('web'), []).slices;
    expect(slices).toHaveLength(1);
    expect(slices[0]!.endpoints).toEqual([]);
    expect(slices[0]!.ports).toEqual([]);
  });

  it('the placeholder is kept as is on the next pass', () => {
    const first = run(makeService('web'), []).slices;
    const second = run(makeService('web'), [], first, 99);
    expect(second.slices[0]).toBe(first[0]);
    expect(second.created).toEqual([]);
    expect(second.updated).toEqual([]);
  });

  it('when the last pod goes, the slice is reused as the placeholder (same name)', () => {
    const first = run(makeService('web'), pods(2)).slices;
    const second = run(makeService('web'), [], first, 99);
    expect(second.slices.map((s) => s.metadata.name)).toEqual([first[0]!.metadata.name]);
    expect(second.slices[0]!.endpoints).toEqual([]);
    expect(second.slices[0]!.ports).toEqual([]);
    expect(second.deleted).toEqual([]);
  });

  it('the first pod fills the placeholder (same name)', () => {
    const first = run(makeService('web'), []).slices;
    const second = run(makeService('web'), pods(1), first, 99).slices;
    expect(second.map((s) => s.metadata.name)).toEqual([first[0]!.metadata.name]);
    expect(second[0]!.ports).toEqual([{ name: 'http', protocol: 'TCP', port: 8080 }]);
  });
});

describe('packing: at most maxEndpointsPerSlice endpoints per slice', () => {
  const cases = [
    { pods: 100, max: undefined, want: [100] },
    { pods: 101, max: undefined, want: [100, 1] },
    { pods: 250, max: undefined, want: [100, 100, 50] },
    { pods: 7, max: 3, want: [3, 3, 1] },
  ];
  it.each(cases)('$pods pods, max $max -> $want', ({ pods: n, max, want }) => {
    const slices = run(makeService('web'), pods(n), [], 1, max).slices;
    expect(slices.map((s) => s.endpoints.length)).toEqual(want);
    expect(new Set(slices.map((s) => s.metadata.name)).size).toBe(slices.length);
  });
});

describe('updates keep names and endpoint placement', () => {
  const svc = makeService('web');

  it('nothing changed: the stored slices are returned as they are', () => {
    const first = run(svc, pods(3)).slices;
    const second = run(svc, pods(3), first, 42);
    expect(second.slices[0]).toBe(first[0]);
    expect(second.updated).toEqual([]);
    expect(second.created).toEqual([]);
  });

  it('a pod turning not-ready updates its endpoint in place', () => {
    const first = run(svc, pods(3)).slices;
    const changed = pods(3);
    changed[1] = makePod('web-1', { ip: '10.244.0.2', node: 'node-b', ready: false });
    const second = run(svc, changed, first, 42);
    expect(second.slices[0]!.metadata.name).toBe(first[0]!.metadata.name);
    expect(second.slices[0]!.endpoints[1]!.conditions).toEqual({ ready: false, serving: false, terminating: false });
    expect(second.updated).toHaveLength(1);
  });

  it('a removed pod leaves its slice; others stay in order', () => {
    const first = run(svc, pods(3)).slices;
    const second = run(svc, pods(3).filter((p) => p.metadata.name !== 'web-1'), first, 42).slices;
    expect(addrs(second[0]!)).toEqual(['10.244.0.1', '10.244.0.3']);
  });

  it('new endpoints fill the slice being updated before anything else', () => {
    const first = run(svc, pods(3)).slices;
    const replaced = [...pods(3).filter((p) => p.metadata.name !== 'web-0'), ...pods(1, { prefix: 'new', start: 10 })];
    const second = run(svc, replaced, first, 42).slices;
    expect(second).toHaveLength(1);
    expect(addrs(second[0]!)).toEqual(['10.244.0.2', '10.244.0.3', '10.244.0.11']);
  });

  it('new endpoints go into an untouched slice with room, not a new one', () => {
    const first = run(svc, pods(150)).slices; // 100 + 50
    const second = run(svc, [...pods(150), ...pods(5, { prefix: 'extra', start: 200 })], first, 42).slices;
    expect(second.map((s) => s.endpoints.length)).toEqual([100, 55]);
    expect(second.map((s) => s.metadata.name)).toEqual(first.map((s) => s.metadata.name));
  });

  it('growth beyond the free room: a full new slice first, the rest into the untouched one; no rebalancing', () => {
    const first = run(svc, pods(150)).slices;
    // 110 new endpoints: 110 >= 100 so a new slice takes 100; the last 10
    // then fit the untouched 50-endpoint slice.
    const second = run(svc, pods(260), first, 42).slices;
    expect(second.map((s) => s.endpoints.length)).toEqual([100, 60, 100]);
    expect(second.slice(0, 2).map((s) => s.metadata.name)).toEqual(first.map((s) => s.metadata.name));
  });

  it('a slice emptied while another is created hands over its name', () => {
    const first = run(svc, pods(2), [], 1, 1).slices; // two slices of one endpoint
    // both old pods replaced by two new ones: the two old slices are reused
    const second = run(svc, pods(2, { prefix: 'new', start: 10 }), first, 42, 1).slices;
    expect(second.map((s) => s.metadata.name).sort()).toEqual(first.map((s) => s.metadata.name).sort());
  });

  it('Service label changes are copied onto existing slices', () => {
    const first = run(svc, pods(1)).slices;
    const second = run(makeService('web', { labels: { env: 'prod' } }), pods(1), first, 42);
    expect(second.updated).toHaveLength(1);
    expect(second.slices[0]!.metadata.labels?.env).toBe('prod');
  });

  it('slices owned by an older Service of the same name are replaced', () => {
    const first = run(svc, pods(1)).slices;
    const recreated = makeService('web', { uid: 'uid-new' });
    const second = run(recreated, pods(1), first, 42);
    expect(second.deleted.map((s) => s.metadata.name)).toEqual([first[0]!.metadata.name]);
    expect(second.slices[0]!.metadata.ownerReferences?.[0]?.uid).toBe('uid-new');
    expect(second.slices[0]!.metadata.name).not.toBe(first[0]!.metadata.name);
  });
});

describe('ports', () => {
  it('pods whose named targetPort resolves differently land in different slices', () => {
    const svc = makeService('web', { ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' }] });
    const v1 = makePod('v1', { ip: '10.0.0.1', containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 8080 }] }] });
    const v2 = makePod('v2', { ip: '10.0.0.2', containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 9090 }] }] });
    const none = makePod('v3', { ip: '10.0.0.3', containers: [{ name: 'c' }] });
    const slices = run(svc, [v1, v2, none]).slices;
    expect(slices.map((s) => [s.ports, addrs(s)])).toEqual([
      [[{ name: 'http', protocol: 'TCP', port: 8080 }], ['10.0.0.1']],
      [[{ name: 'http', protocol: 'TCP', port: 9090 }], ['10.0.0.2']],
      [[], ['10.0.0.3']],
    ]);
  });

  it('multi-port Services list every port; unnamed port names are ""', () => {
    const svc = makeService('web', {
      ports: [
        { name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 },
        { name: 'dns', protocol: 'UDP', port: 53, targetPort: 5353, appProtocol: 'dns' },
      ],
    });
    expect(run(svc, pods(1)).slices[0]!.ports).toEqual([
      { name: 'http', protocol: 'TCP', port: 8080 },
      { name: 'dns', protocol: 'UDP', port: 5353, appProtocol: 'dns' },
    ]);
    const single = makeService('one', { ports: [{ protocol: 'TCP', port: 80, targetPort: 80 }] });
    expect(run(single, pods(1)).slices[0]!.ports).toEqual([{ name: '', protocol: 'TCP', port: 80 }]);
  });

  it('a headless Service without ports gets slices without ports', () => {
    const svc = makeService('db', { clusterIP: 'None', ports: [] });
    const [s] = run(svc, pods(2)).slices;
    expect(s!.ports).toEqual([]);
    expect(s!.endpoints).toHaveLength(2);
    expect(s!.metadata.labels?.['service.kubernetes.io/headless']).toBe('');
  });
});

describe('address types', () => {
  const dual = [makePod('d', { ips: ['10.0.0.1', 'fd00::1'] })];
  const cases = [
    { name: 'IPv4 family', svc: makeService('web', { ipFamilies: ['IPv4'] }), want: [['IPv4', ['10.0.0.1']]] },
    { name: 'IPv6 family', svc: makeService('web', { clusterIP: 'fd00:96::10', ipFamilies: ['IPv6'] }), want: [['IPv6', ['fd00::1']]] },
    {
      name: 'dual-stack, IPv6 first',
      svc: makeService('web', { ipFamilies: ['IPv6', 'IPv4'] }),
      want: [['IPv6', ['fd00::1']], ['IPv4', ['10.0.0.1']]],
    },
    {
      name: 'headless without families: both',
      svc: (() => {
        const s = makeService('web', { clusterIP: 'None' });
        delete s.spec.ipFamilies;
        return s;
      })(),
      want: [['IPv4', ['10.0.0.1']], ['IPv6', ['fd00::1']]],
    },
  ];
  it.each(cases)('$name', ({ svc, want }) => {
    expect(run(svc, dual).slices.map((s) => [s.addressType, addrs(s)])).toEqual(want);
  });

  it('slices of a family the Service dropped are deleted', () => {
    const first = run(makeService('web', { ipFamilies: ['IPv4', 'IPv6'] }), dual).slices;
    const second = run(makeService('web', { ipFamilies: ['IPv4'] }), dual, first, 5);
    expect(second.slices.map((s) => s.addressType)).toEqual(['IPv4']);
    expect(second.deleted.map((s) => s.addressType)).toEqual(['IPv6']);
  });
});

describe('reconcileServiceSlices', () => {
  it('filters the namespace pods by the selector itself', () => {
    const all = [...pods(2), makePod('api', { ip: '10.9.9.9', labels: { app: 'api' } })];
    const slices = reconcileServiceSlices(makeService('web'), all, nodes, [], createRng(1));
    expect(slices.flatMap(addrs)).toEqual(['10.244.0.1', '10.244.0.2']);
  });
});

describe('robustness and deletion', () => {
  it('reads a managed slice with `endpoints: null` as empty', () => {
    const first = run(makeService('web'), pods(1)).slices;
    const broken = { ...first[0]!, endpoints: null as unknown as EndpointSlice['endpoints'] };
    const second = run(makeService('web'), pods(1), [broken], 9).slices;
    expect(second.map((s) => s.metadata.name)).toEqual([first[0]!.metadata.name]);
    expect(addrs(second[0]!)).toEqual(['10.244.0.1']);
  });

  it('creates no new slices for a Service pending deletion', () => {
    const svc = makeService('web');
    svc.metadata.deletionTimestamp = '2024-01-01T00:00:00Z';
    expect(run(svc, pods(2)).slices).toEqual([]);
  });
});
