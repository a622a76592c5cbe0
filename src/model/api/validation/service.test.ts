// Modelled on TestValidateService (pkg/apis/core/validation/validation_test.go):
// start from a valid, defaulted Service, apply one tweak, expect exactly the
// listed messages.
import { describe, expect, it } from 'vitest';
import type { Service } from '../../types';
import { defaultService } from '../defaults';
import { renderFieldError } from '../field-error';
import { validateService } from './service';

function base(): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'abc123', namespace: 'default' },
    spec: {
      type: 'ClusterIP',
      selector: { key: 'val' },
      ports: [{ name: 'p', protocol: 'TCP', port: 8675, targetPort: 8675 }],
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
    },
  };
}

type Tweak = (s: Service) => void;
const run = (tweak: Tweak, allocated = false): string[] => {
  const s = base();
  tweak(s);
  return validateService(s, { allocated }).map(renderFieldError);
};

const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

describe('validateService', () => {
  it('accepts the base service', () => expect(run(() => {})).toEqual([]));

  const cases: [string, Tweak, string[]][] = [
    ['missing name', (s) => delete s.metadata.name, ['metadata.name: Required value: name or generateName is required']],
    ['name not DNS-1035 (starts with a digit)', (s) => (s.metadata.name = '1abc'), [`metadata.name: Invalid value: "1abc": ${DNS1035}`]],
    [
      'name too long',
      (s) => (s.metadata.name = 'a'.repeat(64)),
      [`metadata.name: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`],
    ],
    ['generateName alone is fine', (s) => ((s.metadata.name = undefined), (s.metadata.generateName = 'web-')), []],
    ['missing namespace', (s) => delete s.metadata.namespace, ['metadata.namespace: Required value']],
    [
      'bad label value',
      (s) => (s.metadata.labels = { app: 'bad value' }),
      [
        `metadata.labels: Invalid value: "bad value": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      ],
    ],
    [
      'topology annotations disagree',
      (s) =>
        (s.metadata.annotations = {
          'service.kubernetes.io/topology-mode': 'Auto',
          'service.kubernetes.io/topology-aware-hints': 'Disabled',
        }),
      [
        'metadata.annotations[service.kubernetes.io/topology-mode]: Invalid value: "Auto": must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified',
      ],
    ],
    ['no ports', (s) => (s.spec.ports = []), ['spec.ports: Required value']],
    ['headless without ports is fine', (s) => ((s.spec.ports = []), (s.spec.clusterIP = 'None'), (s.spec.clusterIPs = ['None'])), []],
    [
      'LoadBalancer may not be headless',
      (s) => {
        s.spec.type = 'LoadBalancer';
        s.spec.clusterIP = 'None';
        s.spec.clusterIPs = ['None'];
        s.spec.externalTrafficPolicy = 'Cluster';
        s.spec.allocateLoadBalancerNodePorts = true;
      },
      [`spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for LoadBalancer services`],
    ],
    [
      'ExternalName with clusterIPs, families, policy and no name',
      (s) => {
        s.spec.type = 'ExternalName';
        s.spec.clusterIP = '10.0.0.1';
        s.spec.clusterIPs = ['10.0.0.1'];
        s.spec.ipFamilies = ['IPv4'];
        s.spec.ipFamilyPolicy = 'SingleStack';
      },
      [
        'spec.clusterIPs: Forbidden: may not be set for ExternalName services',
        'spec.ipFamilies: Forbidden: may not be set for ExternalName services',
        'spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services',
        'spec.externalName: Required value',
      ],
    ],
    ['ExternalName with a trailing dot is fine', (s) => ((s.spec.type = 'ExternalName'), (s.spec.externalName = 'example.com.')), []],
    [
      'ExternalName not a subdomain',
      (s) => ((s.spec.type = 'ExternalName'), (s.spec.externalName = 'Example_com')),
      [
        `spec.externalName: Invalid value: "Example_com": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      ],
    ],
    [
      'second port without a name',
      (s) => s.spec.ports?.push({ protocol: 'TCP', port: 12345, targetPort: 12345 }),
      ['spec.ports[1].name: Required value'],
    ],
    [
      'port name not a DNS-1123 label',
      (s) => s.spec.ports && (s.spec.ports[0]!.name = 'Http'),
      [`spec.ports[0].name: Invalid value: "Http": ${DNS1123_LABEL}`],
    ],
    [
      'duplicate port names',
      (s) => s.spec.ports?.push({ name: 'p', protocol: 'TCP', port: 12345, targetPort: 12345 }),
      ['spec.ports[1].name: Duplicate value: "p"'],
    ],
    [
      'port 0 and 65536',
      (s) => s.spec.ports?.push({ name: 'q', protocol: 'TCP', port: 65536, targetPort: 80 }) && (s.spec.ports[0]!.port = 0),
      ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive', 'spec.ports[1].port: Invalid value: 65536: must be between 1 and 65535, inclusive'],
    ],
    ['empty protocol', (s) => (s.spec.ports![0]!.protocol = ''), ['spec.ports[0].protocol: Required value']],
    [
      'unknown protocol',
      (s) => (s.spec.ports![0]!.protocol = 'HTTP'),
      ['spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'],
    ],
    [
      'targetPort out of range',
      (s) => (s.spec.ports![0]!.targetPort = 65536),
      ['spec.ports[0].targetPort: Invalid value: 65536: must be between 1 and 65535, inclusive'],
    ],
    [
      'targetPort name breaks every IANA_SVC_NAME rule it can',
      (s) => (s.spec.ports![0]!.targetPort = '-Port--1234567890-'),
      [
        'spec.ports[0].targetPort: Invalid value: "-Port--1234567890-": must be no more than 15 characters',
        'spec.ports[0].targetPort: Invalid value: "-Port--1234567890-": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'spec.ports[0].targetPort: Invalid value: "-Port--1234567890-": must not contain consecutive hyphens',
        'spec.ports[0].targetPort: Invalid value: "-Port--1234567890-": must not begin or end with a hyphen',
      ],
    ],
    [
      'targetPort name without a letter',
      (s) => (s.spec.ports![0]!.targetPort = '1234'),
      ['spec.ports[0].targetPort: Invalid value: "1234": must contain at least one letter (a-z)'],
    ],
    ['named targetPort is fine', (s) => (s.spec.ports![0]!.targetPort = 'http-web'), []],
    [
      'appProtocol not a qualified name',
      (s) => (s.spec.ports![0]!.appProtocol = 'a/b/c'),
      [
        `spec.ports[0].appProtocol: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
      ],
    ],
    [
      'bad selector key',
      (s) => (s.spec.selector = { 'a/b/c': 'x' }),
      [
        `spec.selector: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
      ],
    ],
    ['empty sessionAffinity', (s) => (s.spec.sessionAffinity = ''), ['spec.sessionAffinity: Required value']],
    [
      'unknown sessionAffinity',
      (s) => (s.spec.sessionAffinity = 'Sticky'),
      ['spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"'],
    ],
    [
      'ClientIP without config',
      (s) => (s.spec.sessionAffinity = 'ClientIP'),
      ['spec.sessionAffinityConfig: Required value: when session affinity type is ClientIP'],
    ],
    [
      'ClientIP timeout too large',
      (s) => ((s.spec.sessionAffinity = 'ClientIP'), (s.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 86401 } })),
      ['spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400'],
    ],
    [
      'None with config',
      (s) => (s.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 90 } }),
      ['spec.sessionAffinityConfig: Forbidden: must not be set when session affinity is None'],
    ],
    ['clusterIP without clusterIPs', (s) => (s.spec.clusterIP = '10.0.0.1'), ['spec.clusterIPs: Required value']],
    [
      'clusterIPs[0] differs from clusterIP',
      (s) => ((s.spec.clusterIP = '10.0.0.1'), (s.spec.clusterIPs = ['10.0.0.2'])),
      ['spec.clusterIPs: Invalid value: []string{"10.0.0.2"}: first value must match `clusterIP`'],
    ],
    [
      'clusterIPs without clusterIP',
      (s) => (s.spec.clusterIPs = ['10.0.0.2']),
      ['spec.clusterIPs: Invalid value: []string{"10.0.0.2"}: must be empty when `clusterIP` is not specified'],
    ],
    [
      'bad family and policy',
      (s) => ((s.spec.ipFamilies = ['IPv4', 'IPv5', 'IPv4']), (s.spec.ipFamilyPolicy = 'Dual')),
      [
        'spec.ipFamilies[1]: Unsupported value: "IPv5": supported values: "IPv4", "IPv6"',
        'spec.ipFamilies[2]: Duplicate value: "IPv4"',
        'spec.ipFamilyPolicy: Unsupported value: "Dual": supported values: "PreferDualStack", "RequireDualStack", "SingleStack"',
      ],
    ],
    [
      'None not alone',
      (s) => ((s.spec.clusterIP = 'None'), (s.spec.clusterIPs = ['None', '10.0.0.1'])),
      [`spec.clusterIPs: Invalid value: []string{"None", "10.0.0.1"}: 'None' must be the first and only value`],
    ],
    [
      'invalid IP stops the clusterIPs checks',
      (s) => ((s.spec.clusterIP = '10.0.0.1'), (s.spec.clusterIPs = ['10.0.0.1', '10.0.0.300', '10.0.0.2'])),
      [
        'spec.clusterIPs[1]: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
        'spec.clusterIPs: Invalid value: []string{"10.0.0.1", "10.0.0.300", "10.0.0.2"}: may only hold up to 2 values',
      ],
    ],
    [
      'two IPs of one family',
      (s) => ((s.spec.clusterIP = '10.0.0.1'), (s.spec.clusterIPs = ['10.0.0.1', '10.0.0.2'])),
      ['spec.clusterIPs: Invalid value: []string{"10.0.0.1", "10.0.0.2"}: may specify no more than one IP for each IP family'],
    ],
    [
      'clusterIP family differs from ipFamilies',
      (s) => ((s.spec.clusterIP = '2001::1'), (s.spec.clusterIPs = ['2001::1']), (s.spec.ipFamilies = ['IPv4'])),
      ['spec.clusterIPs[0]: Invalid value: "2001::1": expected an IPv4 value as indicated by `ipFamilies[0]`'],
    ],
    ['dual-stack pair is fine', (s) => ((s.spec.clusterIP = '10.0.0.1'), (s.spec.clusterIPs = ['10.0.0.1', 'fd00::1']), (s.spec.ipFamilies = ['IPv4', 'IPv6']), (s.spec.ipFamilyPolicy = 'RequireDualStack')), []],
    [
      'special external IPs',
      (s) => ((s.spec.externalIPs = ['0.0.0.0', '127.0.0.1', '169.254.169.254', '224.0.0.10', 'fe80::1', 'nope']), (s.spec.externalTrafficPolicy = 'Cluster')),
      [
        'spec.externalIPs[0]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
        'spec.externalIPs[1]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
        'spec.externalIPs[2]: Invalid value: "169.254.169.254": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
        'spec.externalIPs[3]: Invalid value: "224.0.0.10": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
        'spec.externalIPs[4]: Invalid value: "fe80::1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
        'spec.externalIPs[5]: Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      ],
    ],
    ['empty type', (s) => (s.spec.type = ''), ['spec.type: Required value']],
    [
      'unknown type',
      (s) => (s.spec.type = 'Ingress'),
      ['spec.type: Unsupported value: "Ingress": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'],
    ],
    [
      'nodePort on ClusterIP',
      (s) => (s.spec.ports![0]!.nodePort = 30001),
      ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
    ],
    [
      'duplicate nodePort for one protocol',
      (s) => {
        s.spec.type = 'NodePort';
        s.spec.externalTrafficPolicy = 'Cluster';
        s.spec.ports = [
          { name: 'a', protocol: 'TCP', port: 1, targetPort: 1, nodePort: 30001 },
          { name: 'b', protocol: 'UDP', port: 2, targetPort: 2, nodePort: 30001 },
          { name: 'c', protocol: 'TCP', port: 3, targetPort: 3, nodePort: 30001 },
        ];
      },
      ['spec.ports[2].nodePort: Duplicate value: 30001'],
    ],
    [
      'duplicate (protocol, port)',
      (s) => s.spec.ports?.push({ name: 'q', protocol: 'TCP', port: 8675, targetPort: 1 }),
      [
        'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:8675, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
      ],
    ],
    ['same port, other protocol is fine', (s) => s.spec.ports?.push({ name: 'q', protocol: 'UDP', port: 8675, targetPort: 1 }), []],
    [
      'source ranges on ClusterIP, with a bad CIDR (note the capital L)',
      (s) => (s.spec.loadBalancerSourceRanges = [' 10.0.0.0/8 ', '10.0.0.1']),
      [
        "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
        'spec.LoadBalancerSourceRanges[1]: Invalid value: "10.0.0.1": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      ],
    ],
    [
      'source-ranges annotation on ClusterIP',
      (s) => (s.metadata.annotations = { 'service.beta.kubernetes.io/load-balancer-source-ranges': '10.0.0.0/8, foo' }),
      [
        "metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Forbidden: may only be used when `type` is 'LoadBalancer'",
        'metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Invalid value: "foo": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      ],
    ],
    [
      'allocateLoadBalancerNodePorts on ClusterIP',
      (s) => (s.spec.allocateLoadBalancerNodePorts = false),
      ["spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'"],
    ],
    [
      'LoadBalancer without allocateLoadBalancerNodePorts (path without spec.)',
      (s) => ((s.spec.type = 'LoadBalancer'), (s.spec.externalTrafficPolicy = 'Cluster')),
      ['allocateLoadBalancerNodePorts: Required value'],
    ],
    [
      'loadBalancerClass on ClusterIP',
      (s) => (s.spec.loadBalancerClass = 'example.com/lb'),
      ["spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'"],
    ],
    [
      'externalTrafficPolicy on a service that is not externally accessible',
      (s) => (s.spec.externalTrafficPolicy = 'Local'),
      ['spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services'],
    ],
    [
      'NodePort without externalTrafficPolicy',
      (s) => (s.spec.type = 'NodePort'),
      ['spec.externalTrafficPolicy: Required value'],
    ],
    [
      'unknown externalTrafficPolicy',
      (s) => ((s.spec.type = 'NodePort'), (s.spec.externalTrafficPolicy = 'Global')),
      ['spec.externalTrafficPolicy: Unsupported value: "Global": supported values: "Cluster", "Local"'],
    ],
    [
      'healthCheckNodePort without LB+Local',
      (s) => (s.spec.healthCheckNodePort = 31000),
      ["spec.healthCheckNodePort: Invalid value: 31000: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"],
    ],
    [
      'LB+Local before allocation: healthCheckNodePort 0 accepted',
      (s) => Object.assign(s.spec, { type: 'LoadBalancer', externalTrafficPolicy: 'Local', allocateLoadBalancerNodePorts: true }),
      [],
    ],
    ['missing internalTrafficPolicy', (s) => delete s.spec.internalTrafficPolicy, ['spec.internalTrafficPolicy: Required value']],
    [
      'unknown internalTrafficPolicy',
      (s) => (s.spec.internalTrafficPolicy = 'Node'),
      ['spec.internalTrafficPolicy: Unsupported value: "Node": supported values: "Cluster", "Local"'],
    ],
    ['trafficDistribution PreferClose is fine', (s) => (s.spec.trafficDistribution = 'PreferClose'), []],
    [
      'unknown trafficDistribution',
      (s) => (s.spec.trafficDistribution = 'Nearest'),
      ['spec.trafficDistribution: Unsupported value: "Nearest": supported values: "PreferClose"'],
    ],
  ];
  it.each(cases)('%s', (_name, tweak, want) => expect(run(tweak)).toEqual(want));

  it('LB+Local once allocated: healthCheckNodePort 0 is Required', () => {
    expect(run((s) => Object.assign(s.spec, { type: 'LoadBalancer', externalTrafficPolicy: 'Local', allocateLoadBalancerNodePorts: true }), true)).toEqual([
      'spec.healthCheckNodePort: Required value',
    ]);
  });

  it('the seed notes example, defaulted, is valid', () => {
    const svc = defaultService({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'my-service' },
      spec: { selector: { app: 'MyApp' }, ports: [{ protocol: 'TCP', port: 80, targetPort: 9376 }] },
    });
    expect(validateService(svc)).toEqual([]);
  });
});
