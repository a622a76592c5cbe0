import { describe, expect, it } from 'vitest';
import { endpointAddresses, endpointPortsFor, findPort, podToEndpoint, shouldPodBeInEndpoints } from './pod-endpoint';
import { makeNode, makePod, makeService, type PodOpts } from './fixtures';
import { canonicalIP } from './ip';

describe('podToEndpoint conditions (serving = pod Ready, terminating = deletionTimestamp, ready = pNRA || (serving && !terminating))', () => {
  const cases: { name: string; pod: PodOpts; publishNotReady?: boolean; want: { ready: boolean; serving: boolean; terminating: boolean } }[] = [
    { name: 'ready pod', pod: { ready: true }, want: { ready: true, serving: true, terminating: false } },
    { name: 'not-ready pod', pod: { ready: false }, want: { ready: false, serving: false, terminating: false } },
    { name: 'ready pod being deleted', pod: { ready: true, deleting: true }, want: { ready: false, serving: true, terminating: true } },
    { name: 'not-ready pod being deleted', pod: { ready: false, deleting: true }, want: { ready: false, serving: false, terminating: true } },
    { name: 'not-ready pod, publishNotReadyAddresses', pod: { ready: false }, publishNotReady: true, want: { ready: true, serving: false, terminating: false } },
    { name: 'terminating pod, publishNotReadyAddresses', pod: { ready: true, deleting: true }, publishNotReady: true, want: { ready: true, serving: true, terminating: true } },
  ];
  it.each(cases)('$name', ({ pod, publishNotReady, want }) => {
    const svc = makeService('web', { publishNotReadyAddresses: publishNotReady });
    const ep = podToEndpoint(makePod('p', { ip: '10.244.1.5', ...pod }), makeNode('node-a'), svc, 'IPv4');
    expect(ep.conditions).toEqual(want);
  });
});

describe('podToEndpoint fields', () => {
  it('writes address, targetRef, nodeName and the node zone', () => {
    const ep = podToEndpoint(
      makePod('web-1', { ip: '10.244.1.5', node: 'node-a' }),
      makeNode('node-a', { zone: 'zone-a' }),
      makeService('web'),
      'IPv4',
    );
    expect(ep).toEqual({
      addresses: ['10.244.1.5'],
      conditions: { ready: true, serving: true, terminating: false },
      targetRef: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: 'uid-pod-default-web-1' },
      nodeName: 'node-a',
      zone: 'zone-a',
    });
  });

  it('omits zone when the node has no zone label', () => {
    const ep = podToEndpoint(makePod('p', { ip: '10.0.0.1' }), makeNode('node-a'), makeService('web'), 'IPv4');
    expect(ep.zone).toBeUndefined();
  });

  const hostnameCases = [
    { name: 'hostname + matching subdomain', hostname: 'web-0', subdomain: 'web', want: 'web-0' },
    { name: 'hostname, subdomain of another service', hostname: 'web-0', subdomain: 'other', want: undefined },
    { name: 'hostname without subdomain', hostname: 'web-0', subdomain: undefined, want: undefined },
    { name: 'subdomain without hostname', hostname: undefined, subdomain: 'web', want: undefined },
  ];
  it.each(hostnameCases)('hostname: $name', ({ hostname, subdomain, want }) => {
    const ep = podToEndpoint(makePod('p', { ip: '10.0.0.1', hostname, subdomain }), makeNode('node-a'), makeService('web'), 'IPv4');
    expect(ep.hostname).toBe(want);
  });
});

describe('endpointAddresses: pod IPs of the slice family, canonical text', () => {
  const cases = [
    { ips: ['10.244.1.5'], type: 'IPv4' as const, want: ['10.244.1.5'] },
    { ips: ['10.244.1.5'], type: 'IPv6' as const, want: [] },
    { ips: ['10.244.1.5', 'fd00:10:244::5'], type: 'IPv6' as const, want: ['fd00:10:244::5'] },
    { ips: ['FD00:0010:0244:0:0:0:0:5'], type: 'IPv6' as const, want: ['fd00:10:244::5'] },
    { ips: ['010.244.001.005'], type: 'IPv4' as const, want: ['10.244.1.5'] },
  ];
  it.each(cases)('$ips as $type -> $want', ({ ips, type, want }) => {
    expect(endpointAddresses(makePod('p', { ips }), type)).toEqual(want);
  });

  it('uses podIP when podIPs is absent (the API server keeps them in sync)', () => {
    const pod = makePod('p');
    pod.status!.podIP = '10.1.2.3';
    expect(endpointAddresses(pod, 'IPv4')).toEqual(['10.1.2.3']);
  });
});

describe('shouldPodBeInEndpoints', () => {
  const cases: { name: string; pod: PodOpts; want: boolean }[] = [
    { name: 'running with IP', pod: { ip: '10.0.0.1' }, want: true },
    { name: 'no IP yet', pod: {}, want: false },
    { name: 'Succeeded', pod: { ip: '10.0.0.1', phase: 'Succeeded' }, want: false },
    { name: 'Failed', pod: { ip: '10.0.0.1', phase: 'Failed' }, want: false },
    { name: 'Pending with IP', pod: { ip: '10.0.0.1', phase: 'Pending' }, want: true },
    { name: 'being deleted (kept as terminating)', pod: { ip: '10.0.0.1', deleting: true }, want: true },
  ];
  it.each(cases)('$name -> $want', ({ pod, want }) => {
    expect(shouldPodBeInEndpoints(makePod('p', pod))).toBe(want);
  });
});

describe('findPort: named targetPorts resolve by name AND protocol', () => {
  const pod = makePod('p', {
    containers: [
      { name: 'app', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, { name: 'dns', containerPort: 5353, protocol: 'UDP' }] },
    ],
    initContainers: [
      { name: 'sidecar', restartPolicy: 'Always', ports: [{ name: 'metrics', containerPort: 9090 }] },
      { name: 'init', ports: [{ name: 'admin', containerPort: 7070 }] },
    ],
  });
  const cases = [
    { name: 'integer targetPort used as is', sp: { port: 80, targetPort: 9376 }, want: 9376 },
    { name: 'missing targetPort -> port', sp: { port: 80 }, want: 80 },
    { name: 'name found', sp: { port: 80, targetPort: 'http', protocol: 'TCP' }, want: 8080 },
    { name: 'name found, protocol defaulted to TCP', sp: { port: 80, targetPort: 'http' }, want: 8080 },
    { name: 'name with other protocol', sp: { port: 80, targetPort: 'http', protocol: 'UDP' }, want: null },
    { name: 'UDP name', sp: { port: 53, targetPort: 'dns', protocol: 'UDP' }, want: 5353 },
    { name: 'restartable init (sidecar) container', sp: { port: 9090, targetPort: 'metrics' }, want: 9090 },
    { name: 'ordinary init container does not count', sp: { port: 7070, targetPort: 'admin' }, want: null },
    { name: 'unknown name', sp: { port: 80, targetPort: 'nope' }, want: null },
  ];
  it.each(cases)('$name', ({ sp, want }) => {
    expect(findPort(pod, sp)).toBe(want);
  });

  it('ports missing on a pod are left out of its port list', () => {
    const svc = makeService('web', {
      ports: [
        { name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' },
        { name: 'admin', protocol: 'TCP', port: 81, targetPort: 'admin', appProtocol: 'http' },
        { name: 'raw', protocol: 'TCP', port: 82, targetPort: 7000, appProtocol: 'kubernetes.io/h2c' },
      ],
    });
    expect(endpointPortsFor(svc, pod)).toEqual([
      { name: 'http', protocol: 'TCP', port: 8080 },
      { name: 'raw', protocol: 'TCP', port: 7000, appProtocol: 'kubernetes.io/h2c' },
    ]);
  });
});

describe('canonicalIP', () => {
  const cases = [
    ['10.0.0.1', '10.0.0.1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['::', '::'],
    ['fe80::1:2', 'fe80::1:2'],
    ['1:0:0:0:0:0:0:0', '1::'],
    ['not-an-ip', null],
    ['1.2.3', null],
    // the already-canonical IPv4 fast path and its edges
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['10.001.0.5', '10.1.0.5'],
    ['010.1.0.5', '10.1.0.5'],
    ['256.1.1.1', null],
    ['1..2.3', null],
    ['1.2.3.4.', null],
    ['1.2.3.4.5', null],
    ['1.2.3.1000', null],
    ['', null],
  ] as const;
  it.each(cases)('%s -> %s', (input, want) => {
    expect(canonicalIP(input)).toBe(want);
  });
});
