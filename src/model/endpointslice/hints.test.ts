import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import type { Endpoint, EndpointSlice, Node, Pod } from '../types';
import { planServiceSlices } from './reconciler';
import { addTopologyHints, cpuMillis, getAllocations, zoneCpuRatios } from './topology-cache';
import { makeNode, makePod, makeService } from './fixtures';
import type { SliceInfo } from './slice-info';

const threeZones = new Map<string, Node>([
  ['node-a', makeNode('node-a', { zone: 'zone-a', cpu: '4' })],
  ['node-b', makeNode('node-b', { zone: 'zone-b', cpu: '4' })],
  ['node-c', makeNode('node-c', { zone: 'zone-c', cpu: '4' })],
  ['node-x', makeNode('node-x')], // no zone label: endpoints on it have no zone
]);

function podsOn(spec: [string, boolean?][]): Pod[] {
  return spec.map(([node, ready], i) => makePod(`p${i}`, { ip: `10.244.0.${i + 1}`, node, ready: ready ?? true }));
}

const hintsOf = (slices: EndpointSlice[]) =>
  slices.flatMap((s) => s.endpoints.map((e) => [e.addresses[0], e.hints ?? null]));

describe('trafficDistribution hints', () => {
  const pods = podsOn([['node-a'], ['node-b'], ['node-a', false], ['node-x']]);
  const cases = [
    {
      value: 'PreferClose',
      want: [
        ['10.244.0.1', { forZones: [{ name: 'zone-a' }] }],
        ['10.244.0.2', { forZones: [{ name: 'zone-b' }] }],
        ['10.244.0.3', null], // not ready: no hint
        ['10.244.0.4', null], // no zone: no hint
      ],
    },
    {
      value: 'PreferSameZone',
      want: [
        ['10.244.0.1', { forZones: [{ name: 'zone-a' }] }],
        ['10.244.0.2', { forZones: [{ name: 'zone-b' }] }],
        ['10.244.0.3', null],
        ['10.244.0.4', null],
      ],
    },
    {
      value: 'PreferSameNode',
      want: [
        ['10.244.0.1', { forZones: [{ name: 'zone-a' }], forNodes: [{ name: 'node-a' }] }],
        ['10.244.0.2', { forZones: [{ name: 'zone-b' }], forNodes: [{ name: 'node-b' }] }],
        ['10.244.0.3', null],
        ['10.244.0.4', { forNodes: [{ name: 'node-x' }] }],
      ],
    },
    { value: 'SomethingElse', want: [['10.244.0.1', null], ['10.244.0.2', null], ['10.244.0.3', null], ['10.244.0.4', null]] },
  ];
  it.each(cases)('$value', ({ value, want }) => {
    const svc = makeService('web', { trafficDistribution: value });
    expect(hintsOf(planServiceSlices(svc, pods, threeZones, [], createRng(1)).slices)).toEqual(want);
  });

  it('removing trafficDistribution removes the hints (the slice is updated)', () => {
    const first = planServiceSlices(makeService('web', { trafficDistribution: 'PreferClose' }), pods, threeZones, [], createRng(1)).slices;
    const second = planServiceSlices(makeService('web'), pods, threeZones, first, createRng(2));
    expect(second.updated).toHaveLength(1);
    expect(hintsOf(second.slices).every(([, h]) => h === null)).toBe(true);
  });

  it('adding trafficDistribution to an unchanged Service updates the stored slice', () => {
    const first = planServiceSlices(makeService('web'), pods, threeZones, [], createRng(1)).slices;
    const second = planServiceSlices(makeService('web', { trafficDistribution: 'PreferClose' }), pods, threeZones, first, createRng(2));
    expect(second.updated.map((s) => s.metadata.name)).toEqual([first[0]!.metadata.name]);
    expect(second.slices[0]!.endpoints[0]!.hints).toEqual({ forZones: [{ name: 'zone-a' }] });
  });

  it('the topology annotation takes precedence over trafficDistribution', () => {
    const svc = makeService('web', {
      trafficDistribution: 'PreferClose',
      annotations: { 'service.kubernetes.io/topology-mode': 'Auto' },
    });
    // zone-x node without zone makes the node info insufficient: no hints at all
    const plan = planServiceSlices(svc, podsOn([['node-a'], ['node-b'], ['node-c']]), threeZones, [], createRng(1));
    expect(hintsOf(plan.slices).every(([, h]) => h === null)).toBe(true);
    expect(plan.events).toEqual([
      {
        type: 'Warning',
        reason: 'TopologyAwareHintsDisabled',
        message:
          'Insufficient Node information: allocatable CPU or zone not specified on one or more nodes, addressType: IPv4',
      },
    ]);
  });
});

describe('topology-mode Auto (proportional zone hints)', () => {
  const zoned = new Map([...threeZones].filter(([n]) => n !== 'node-x'));
  const annotations = { 'service.kubernetes.io/topology-mode': 'Auto' };

  it('one endpoint per zone, equal CPU: each endpoint hinted for its own zone', () => {
    const plan = planServiceSlices(makeService('web', { annotations }), podsOn([['node-a'], ['node-b'], ['node-c']]), zoned, [], createRng(1));
    expect(hintsOf(plan.slices)).toEqual([
      ['10.244.0.1', { forZones: [{ name: 'zone-a' }] }],
      ['10.244.0.2', { forZones: [{ name: 'zone-b' }] }],
      ['10.244.0.3', { forZones: [{ name: 'zone-c' }] }],
    ]);
    expect(plan.events).toEqual([
      { type: 'Normal', reason: 'TopologyAwareHintsEnabled', message: 'Topology Aware Hints has been enabled, addressType: IPv4' },
    ]);
  });

  it('the deprecated topology-aware-hints annotation (lower-case auto) works too', () => {
    const svc = makeService('web', { annotations: { 'service.kubernetes.io/topology-aware-hints': 'auto' } });
    const plan = planServiceSlices(svc, podsOn([['node-a'], ['node-b'], ['node-c']]), zoned, [], createRng(1));
    expect(hintsOf(plan.slices).every(([, h]) => h !== null)).toBe(true);
  });

  it('surplus endpoints of a crowded zone are re-hinted to zones short of their share', () => {
    const plan = planServiceSlices(
      makeService('web', { annotations }),
      podsOn([['node-a'], ['node-a'], ['node-a'], ['node-a'], ['node-b'], ['node-c']]),
      zoned,
      [],
      createRng(1),
    );
    // 6 endpoints over 3 equal zones: 2 each; zone-a gives 2 away.
    expect(hintsOf(plan.slices)).toEqual([
      ['10.244.0.1', { forZones: [{ name: 'zone-b' }] }],
      ['10.244.0.2', { forZones: [{ name: 'zone-c' }] }],
      ['10.244.0.3', { forZones: [{ name: 'zone-a' }] }],
      ['10.244.0.4', { forZones: [{ name: 'zone-a' }] }],
      ['10.244.0.5', { forZones: [{ name: 'zone-b' }] }],
      ['10.244.0.6', { forZones: [{ name: 'zone-c' }] }],
    ]);
  });

  const giveUp = [
    {
      name: 'minimum shares exceed the 20% overload threshold',
      pods: podsOn([['node-a'], ['node-b'], ['node-c'], ['node-c']]),
      message:
        'Unable to allocate minimum required endpoints to each zone without exceeding overload threshold (4 endpoints, 3 zones), addressType: IPv4',
    },
    {
      name: 'fewer endpoints than zones',
      pods: podsOn([['node-a'], ['node-b']]),
      message: 'Insufficient number of endpoints (2 endpoints, 3 zones), addressType: IPv4',
    },
    {
      name: 'an endpoint without zone',
      pods: podsOn([['node-a'], ['node-a'], ['node-b'], ['node-b'], ['node-c'], ['node-c'], ['node-x']]),
      nodes: new Map([...zoned, ['node-x', makeNode('node-x', { labels: { 'node-role.kubernetes.io/control-plane': '' } })]]),
      message: 'One or more endpoints do not have a zone specified, addressType: IPv4',
    },
  ];
  it.each(giveUp)('gives up: $name', ({ pods, nodes, message }) => {
    const plan = planServiceSlices(makeService('web', { annotations }), pods, nodes ?? zoned, [], createRng(1));
    expect(hintsOf(plan.slices).every(([, h]) => h === null)).toBe(true);
    expect(plan.events).toEqual([{ type: 'Warning', reason: 'TopologyAwareHintsDisabled', message }]);
  });

  it('keeps valid hints of untouched slices (no churn on the next pass)', () => {
    const pods = podsOn([['node-a'], ['node-b'], ['node-c']]);
    const first = planServiceSlices(makeService('web', { annotations }), pods, zoned, [], createRng(1)).slices;
    const second = planServiceSlices(makeService('web', { annotations }), pods, zoned, first, createRng(2));
    expect(second.updated).toEqual([]);
    expect(second.slices[0]).toBe(first[0]);
    expect(second.events).toEqual([]);
  });
});

describe('getAllocations (overload threshold 20%)', () => {
  const cases = [
    { name: 'no node info', ratios: null, n: 5, want: 'Insufficient Node information: allocatable CPU or zone not specified on one or more nodes' },
    { name: 'one zone', ratios: new Map([['a', 1]]), n: 5, want: 'Nodes only ready in one zone' },
    { name: '2 endpoints, 3 zones', ratios: new Map([['a', 0.3], ['b', 0.4], ['c', 0.3]]), n: 2, want: 'Insufficient number of endpoints (2 endpoints, 3 zones)' },
    {
      name: 'minimums exceed the endpoints',
      ratios: new Map([['a', 0.1], ['b', 0.45], ['c', 0.45]]),
      n: 3,
      want: 'Unable to allocate minimum required endpoints to each zone without exceeding overload threshold (3 endpoints, 3 zones)',
    },
  ];
  it.each(cases)('$name', ({ ratios, n, want }) => {
    expect(getAllocations(ratios, n)).toEqual({ message: want });
  });

  it('computes min/max/desired per zone', () => {
    const r = getAllocations(new Map([['a', 0.45], ['b', 0.55]]), 10);
    expect('allocations' in r && Object.fromEntries(r.allocations)).toEqual({
      a: { minimum: 4, maximum: 5, desired: 4.5 },
      b: { minimum: 5, maximum: 6, desired: 5.5 },
    });
  });
});

describe('addTopologyHints: upstream TestAddHints "slices to create and update within 3 zone threshold"', () => {
  const ep = (ip: string, zone: string): Endpoint => ({ addresses: [ip], conditions: { ready: true }, zone });
  const slice = (endpoints: Endpoint[]): EndpointSlice => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {},
    addressType: 'IPv4',
    endpoints,
  });
  it('moves one zone-a endpoint to zone-b', () => {
    const si: SliceInfo = {
      serviceKey: 'ns/svc',
      addressType: 'IPv4',
      toCreate: [
        slice([ep('10.1.2.3', 'zone-a'), ep('10.1.2.4', 'zone-b')]),
        slice([ep('10.1.3.3', 'zone-c'), ep('10.1.3.4', 'zone-c'), ep('10.1.3.4', 'zone-a')]),
      ],
      toUpdate: [
        slice([ep('10.2.2.3', 'zone-a'), ep('10.2.2.4', 'zone-a')]),
        slice([ep('10.2.3.3', 'zone-b'), ep('10.2.3.4', 'zone-c'), ep('10.2.3.4', 'zone-a')]),
      ],
      unchanged: [],
    };
    addTopologyHints(si, new Map([['zone-a', 0.35], ['zone-b', 0.35], ['zone-c', 0.3]]), false);
    const hinted = [...si.toCreate, ...si.toUpdate].flatMap((s) => s.endpoints.map((e) => e.hints?.forZones?.[0]?.name));
    expect(hinted).toEqual(['zone-b', 'zone-b', 'zone-c', 'zone-c', 'zone-a', 'zone-a', 'zone-a', 'zone-b', 'zone-c', 'zone-a']);
  });
});

describe('zone CPU shares (TopologyCache.SetNodes)', () => {
  it('ignores control-plane and not-ready nodes; shares by allocatable CPU', () => {
    const ratios = zoneCpuRatios([
      makeNode('a1', { zone: 'a', cpu: '3' }),
      makeNode('a2', { zone: 'a', cpu: '1000m' }),
      makeNode('b1', { zone: 'b', cpu: '4' }),
      makeNode('cp', { zone: 'c', cpu: '8', labels: { 'node-role.kubernetes.io/control-plane': '' } }),
      makeNode('down', { zone: 'c', cpu: '8', ready: false }),
    ]);
    expect(ratios && Object.fromEntries(ratios)).toEqual({ a: 0.5, b: 0.5 });
  });

  it('any node without CPU or zone makes the information insufficient', () => {
    expect(zoneCpuRatios([makeNode('a', { zone: 'a', cpu: '2' }), makeNode('b', { zone: 'b' })])).toBeNull();
    expect(zoneCpuRatios([makeNode('a', { zone: 'a', cpu: '2' }), makeNode('b', { cpu: '2' })])).toBeNull();
  });

  it.each([
    ['4', 4000],
    ['3500m', 3500],
    ['2.5', 2500],
    ['1k', 1000000],
    ['', 0],
    ['lots', 0],
  ])('cpu %s -> %d millicores', (q, want) => {
    expect(cpuMillis(q)).toBe(want);
  });
});
