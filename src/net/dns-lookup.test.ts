import { describe, expect, it } from 'vitest';
import { serviceOfName } from './dns-lookup';
import { effectiveMode } from './ruleset-cache';
import { makeCluster, makeProxyConfig } from '../proxy/common/testing';

describe('serviceOfName: which Service a cluster DNS name belongs to', () => {
  it.each([
    ['my-service.default.svc.cluster.local.', 'default/my-service'],
    ['db-0.db.prod.svc.cluster.local.', 'prod/db'],
    ['10-244-1-5.default.pod.cluster.local.', undefined],
    ['example.com.', undefined],
    ['_http._tcp.web.default.svc.cluster.local.', undefined],
  ])('%s -> %s', (fqdn, want) => {
    expect(serviceOfName(fqdn, 'cluster.local')).toBe(want);
  });
});

describe('effectiveMode: the request, else KubeProxyConfiguration.mode, else iptables', () => {
  it.each([
    [undefined, 'ipvs', 'ipvs'],
    [undefined, '', 'iptables'],
    [undefined, 'kernelspace', 'iptables'],
    ['nftables', 'ipvs', 'nftables'],
  ] as const)('request %s, config %j -> %s', (requested, configured, want) => {
    const cluster = makeCluster({ proxyConfig: makeProxyConfig({ mode: configured }) });
    expect(effectiveMode(cluster, requested)).toBe(want);
  });
});
