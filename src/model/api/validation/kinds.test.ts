// Pods, workloads, Nodes, Namespaces, EndpointSlices, ServiceCIDRs and the
// kube-proxy configuration: one valid object per kind, then tweaks with the
// exact messages expected.
import { describe, expect, it } from 'vitest';
import type { Deployment, EndpointSlice, KubeProxyConfiguration, Node, Pod, ServiceCIDR, StatefulSet } from '../../types';
import { defaultPod, defaultProxyConfig, defaultWorkload } from '../defaults';
import { renderFieldError } from '../field-error';
import { validateEndpointSlice } from './endpointslice';
import { validateNamespace, validateNode } from './node';
import { validatePod } from './pod';
import { validateProxyConfig } from './proxy-config';
import { validateServiceCIDR } from './service-cidr';
import { validateWorkload, validateWorkloadUpdate } from './workload';

const r = (errs: { field: string }[]) => errs.map((e) => renderFieldError(e as never));

function pod(): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-0', namespace: 'default', labels: { app: 'web' } },
    spec: { containers: [{ name: 'app', image: 'nginx', ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }] }] },
  };
}

describe('validatePod', () => {
  it('accepts a defaulted pod', () => expect(r(validatePod(defaultPod(pod())))).toEqual([]));
  const cases: [string, (p: Pod) => void, string[]][] = [
    ['no containers', (p) => (p.spec.containers = []), ['spec.containers: Required value']],
    [
      'container without name and image',
      (p) => (p.spec.containers = [{ name: '' }]),
      ['spec.containers[0].name: Required value', 'spec.containers[0].image: Required value'],
    ],
    ['duplicate container names', (p) => p.spec.containers.push({ name: 'app', image: 'x' }), ['spec.containers[1].name: Duplicate value: "app"']],
    [
      'port name too long and upper case',
      (p) => (p.spec.containers[0]!.ports![0]!.name = 'HTTP-web-frontend'),
      [
        'spec.containers[0].ports[0].name: Invalid value: "HTTP-web-frontend": must be no more than 15 characters',
        'spec.containers[0].ports[0].name: Invalid value: "HTTP-web-frontend": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      ],
    ],
    [
      'duplicate port names',
      (p) => p.spec.containers[0]!.ports!.push({ name: 'http', containerPort: 81, protocol: 'TCP' }),
      ['spec.containers[0].ports[1].name: Duplicate value: "http"'],
    ],
    ['containerPort 0', (p) => (p.spec.containers[0]!.ports![0]!.containerPort = 0), ['spec.containers[0].ports[0].containerPort: Required value']],
    [
      'containerPort 70000',
      (p) => (p.spec.containers[0]!.ports![0]!.containerPort = 70000),
      ['spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive'],
    ],
    [
      'bad protocol',
      (p) => (p.spec.containers[0]!.ports![0]!.protocol = 'tcp'),
      ['spec.containers[0].ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"'],
    ],
    [
      'readiness probe without a handler',
      (p) => (p.spec.containers[0]!.readinessProbe = { initialDelaySeconds: 5 }),
      ['spec.containers[0].readinessProbe: Required value: must specify a handler type'],
    ],
    ['readiness probe with a handler', (p) => (p.spec.containers[0]!.readinessProbe = { tcpSocket: { port: 80 }, initialDelaySeconds: 5 }), []],
    [
      'hostNetwork with a different hostPort',
      (p) => ((p.spec.hostNetwork = true), (p.spec.containers[0]!.ports![0]!.hostPort = 8080)),
      ['spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true'],
    ],
    [
      'unknown dnsPolicy lists values in upstream literal order',
      (p) => (p.spec.dnsPolicy = 'Cluster'),
      ['spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"'],
    ],
    [
      'probe on a plain init container',
      (p) => (p.spec.initContainers = [{ name: 'init', image: 'busybox', readinessProbe: { exec: { command: ['true'] } } }]),
      ['spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always'],
    ],
    [
      'init container reusing a container name',
      (p) => (p.spec.initContainers = [{ name: 'app', image: 'busybox', restartPolicy: 'Always' }]),
      ['spec.initContainers[0].name: Duplicate value: "app"'],
    ],
    [
      'bad subdomain',
      (p) => (p.spec.subdomain = 'My_Sub'),
      [
        `spec.subdomain: Invalid value: "My_Sub": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      ],
    ],
  ];
  it.each(cases)('%s', (_n, tweak, want) => {
    const p = pod();
    tweak(p);
    expect(r(validatePod(p))).toEqual(want);
  });
});

function deployment(): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web', tier: 'fe' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } },
    },
  };
}

describe('validateWorkload', () => {
  it('accepts a valid Deployment', () => expect(r(validateWorkload(defaultWorkload(deployment())))).toEqual([]));
  const cases: [string, (d: Deployment) => void, string[]][] = [
    ['negative replicas', (d) => (d.spec.replicas = -1), ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
    [
      'selector does not match template labels',
      (d) => (d.spec.selector = { matchLabels: { app: 'api' } }),
      ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"web", "tier":"fe"}: `selector` does not match template `labels`'],
    ],
    [
      'missing selector',
      (d) => delete (d.spec as Partial<Deployment['spec']>).selector,
      [
        'spec.selector: Required value',
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web", "tier":"fe"}: `selector` does not match template `labels`',
      ],
    ],
    [
      'empty selector',
      (d) => (d.spec.selector = {}),
      ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment'],
    ],
    [
      'matchExpressions operator rules',
      (d) =>
        (d.spec.selector = {
          matchLabels: { app: 'web' },
          matchExpressions: [
            { key: 'tier', operator: 'In' },
            { key: 'x', operator: 'Exists', values: ['a'] },
            { key: 'y', operator: 'Near' as never },
          ],
        }),
      [
        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
        "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        'spec.selector.matchExpressions[2].operator: Invalid value: "Near": not a valid selector operator',
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web", "tier":"fe"}: `selector` does not match template `labels`',
      ],
    ],
    ['no containers in the template', (d) => (d.spec.template.spec.containers = []), ['spec.template.spec.containers: Required value']],
    [
      'hostNetwork template may leave hostPort unset, not different',
      (d) => {
        d.spec.template.spec.hostNetwork = true;
        d.spec.template.spec.containers[0]!.ports = [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 81, hostPort: 82, protocol: 'TCP' }];
      },
      ['spec.template.spec.containers[0].ports[1].hostPort: Invalid value: 82: must match `containerPort` when `hostNetwork` is true'],
    ],
  ];
  it.each(cases)('%s', (_n, tweak, want) => {
    const d = deployment();
    tweak(d);
    expect(r(validateWorkload(d))).toEqual(want);
  });

  it('StatefulSet: its pod spec is not validated (upstream TODO)', () => {
    const s: StatefulSet = { ...deployment(), kind: 'StatefulSet', spec: { ...deployment().spec, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [] } } } };
    expect(r(validateWorkload(s))).toEqual([]);
  });

  it('StatefulSet: empty selector message names statefulset; name must be a DNS label', () => {
    const s: StatefulSet = { ...deployment(), kind: 'StatefulSet', metadata: { name: 'db.primary', namespace: 'default' }, spec: { ...deployment().spec, selector: {} } };
    expect(r(validateWorkload(s))).toEqual([
      `metadata.name: Invalid value: "db.primary": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset',
    ]);
  });
});

describe('validateWorkloadUpdate', () => {
  it('a Deployment selector is immutable (the well-known message)', () => {
    const prev = deployment();
    const next = deployment();
    next.spec.selector = { matchLabels: { app: 'web', tier: 'fe' } };
    expect(r(validateWorkloadUpdate(next, prev))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"fe"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });
  it('scaling and template changes are fine', () => {
    const next = deployment();
    next.spec.replicas = 10;
    next.spec.template.spec.containers[0]!.image = 'nginx:2';
    expect(r(validateWorkloadUpdate(next, deployment()))).toEqual([]);
  });
  it('a StatefulSet may not change serviceName', () => {
    const sts = (serviceName: string): StatefulSet => ({ ...deployment(), kind: 'StatefulSet', spec: { ...deployment().spec, serviceName } });
    expect(r(validateWorkloadUpdate(sts('db-b'), sts('db-a')))).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
    expect(r(validateWorkloadUpdate({ ...sts('db-a'), spec: { ...sts('db-a').spec, replicas: 5 } }, sts('db-a')))).toEqual([]);
  });
});

describe('validateNode / validateNamespace', () => {
  const node = (spec: Node['spec'], ns?: string): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', ...(ns ? { namespace: ns } : {}) }, spec });
  it.each([
    ['valid podCIDR', node({ podCIDR: '10.244.1.0/24' }), []],
    ['bad podCIDR', node({ podCIDR: '10.244.1.0' }), ['spec.podCIDRs[0]: Invalid value: "10.244.1.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
    [
      'two IPv4 podCIDRs',
      node({ podCIDRs: ['10.244.1.0/24', '10.244.2.0/24'] }),
      ['spec.podCIDRs: Invalid value: []string{"10.244.1.0/24", "10.244.2.0/24"}: may specify no more than one CIDR for each IP family'],
    ],
    ['namespace on a cluster-scoped kind', node({}, 'default'), ['metadata.namespace: Forbidden: not allowed on this type']],
  ] as [string, Node, string[]][])('%s', (_n, n, want) => expect(r(validateNode(n))).toEqual(want));

  it('Namespace names are DNS labels', () => {
    expect(r(validateNamespace({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.a' } }))[0]).toMatch(
      /^metadata\.name: Invalid value: "team\.a": a lowercase RFC 1123 label/,
    );
  });
});

describe('validateEndpointSlice', () => {
  const slice = (s: Partial<EndpointSlice>): EndpointSlice => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-abc', namespace: 'default' },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.244.1.5'], nodeName: 'node-1' }],
    ports: [{ name: 'http', protocol: 'TCP', port: 8080 }],
    ...s,
  });
  it.each([
    ['valid', slice({}), []],
    ['missing addressType', slice({ addressType: '' }), ['addressType: Required value']],
    ['unknown addressType', slice({ addressType: 'IP' }), ['addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"']],
    [
      'bad and special addresses',
      slice({ endpoints: [{ addresses: [] }, { addresses: ['fd00::1', '127.0.0.1'] }] }),
      [
        'endpoints[0].addresses: Required value: must contain at least 1 address',
        'endpoints[1].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address',
        'endpoints[1].addresses[1]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      ],
    ],
    [
      'port protocol missing and duplicate names',
      slice({ ports: [{ name: 'http', protocol: 'TCP', port: 1 }, { name: 'http', port: 2 }] }),
      ['ports[1].name: Duplicate value: "http"', 'ports[1].protocol: Required value'],
    ],
  ] as [string, EndpointSlice, string[]][])('%s', (_n, s, want) => expect(r(validateEndpointSlice(s))).toEqual(want));
});

describe('validateServiceCIDR', () => {
  const cidr = (cidrs: string[]): ServiceCIDR => ({ apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR', metadata: { name: 'extra' }, spec: { cidrs } });
  it.each([
    [['10.100.0.0/16'], []],
    [['10.100.0.0/16', 'fd00:100::/108'], []],
    [[], ['spec.cidrs: Required value: at least one CIDR required']],
    [['10.100.0.0'], ['spec.cidrs[0]: Invalid value: "10.100.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
    [
      ['10.100.0.0/16', '10.200.0.0/16'],
      ['spec.cidrs: Invalid value: networking.ServiceCIDRSpec{CIDRs:[]string{"10.100.0.0/16", "10.200.0.0/16"}}: may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64'],
    ],
  ] as [string[], string[]][])('%j', (cidrs, want) => expect(r(validateServiceCIDR(cidr(cidrs)))).toEqual(want));
});

describe('validateProxyConfig', () => {
  const cfg = (c: Partial<KubeProxyConfiguration>) => defaultProxyConfig(c);
  it.each([
    ['defaults', cfg({}), []],
    ['userspace is accepted (warned separately)', cfg({ mode: 'userspace' }), []],
    [
      'unknown mode',
      cfg({ mode: 'ebpf' }),
      ['KubeProxyConfiguration.Mode.ProxyMode: Invalid value: "ebpf": must be iptables,ipvs,nftables or blank (blank means the best-available proxy [currently iptables])'],
    ],
    ['masqueradeBit 32', cfg({ iptables: { masqueradeBit: 32 } }), ['KubeProxyConfiguration.KubeProxyIPTablesConfiguration.MasqueradeBit: Invalid value: 32: must be within the range [0, 31]']],
    [
      'unknown ipvs scheduler',
      cfg({ mode: 'ipvs', ipvs: { scheduler: 'random' } }),
      ['KubeProxyConfiguration.KubeProxyIPVSConfiguration.Scheduler.Scheduler: Invalid value: "random": must be in [rr wrr lc wlc lblc lblcr sh dh sed nq ], blank means the default algorithm method (currently rr)'],
    ],
    ['scheduler ignored outside ipvs mode', cfg({ mode: 'iptables', ipvs: { scheduler: 'random' } }), []],
    ['bad clusterCIDR', cfg({ clusterCIDR: '10.244.0.0' }), ['KubeProxyConfiguration.ClusterCIDR: Invalid value: "10.244.0.0": must be a valid CIDR block (e.g. 10.100.0.0/16 or fde4:8dba:82e1::/48)']],
  ] as [string, KubeProxyConfiguration, string[]][])('%s', (_n, c, want) => expect(r(validateProxyConfig(c))).toEqual(want));
});
