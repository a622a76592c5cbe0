import { describe, expect, it } from 'vitest';
import { explainPodMembership } from './explain';
import { makeNode, makePod, makeService } from './fixtures';

const node = makeNode('node-a');

describe('explainPodMembership', () => {
  const cases = [
    { name: 'ready, matching', svc: makeService('web'), pod: makePod('p', { ip: '10.0.0.1' }), isEndpoint: true, ready: true, first: 'pod matches the selector and is Ready' },
    { name: 'not ready', svc: makeService('web'), pod: makePod('p', { ip: '10.0.0.1', ready: false }), isEndpoint: true, ready: false, first: 'pod is not Ready: listed with ready=false' },
    {
      name: 'terminating',
      svc: makeService('web'),
      pod: makePod('p', { ip: '10.0.0.1', deleting: true }),
      isEndpoint: true,
      ready: false,
      first: 'pod is terminating: ready=false, serving shows whether it still answers',
    },
    {
      name: 'wrong label value',
      svc: makeService('web'),
      pod: makePod('p', { ip: '10.0.0.1', labels: { app: 'api' } }),
      isEndpoint: false,
      first: 'selector needs label app=web; the pod has app=api',
    },
    {
      name: 'missing label',
      svc: makeService('web'),
      pod: makePod('p', { ip: '10.0.0.1', labels: {} }),
      isEndpoint: false,
      first: 'selector needs label app=web; the pod has no app label',
    },
    { name: 'no IP', svc: makeService('web'), pod: makePod('p'), isEndpoint: false, first: 'pod has no IP yet' },
    {
      name: 'other namespace',
      svc: makeService('web'),
      pod: makePod('p', { ip: '10.0.0.1', ns: 'shop' }),
      isEndpoint: false,
      first: 'pod is in namespace shop, the Service selects only in default',
    },
    {
      name: 'selectorless Service',
      svc: makeService('web', { selector: null }),
      pod: makePod('p', { ip: '10.0.0.1' }),
      isEndpoint: false,
      first: 'Service default/web has no selector: its endpoints come only from EndpointSlices written by hand',
    },
    {
      name: 'finished pod',
      svc: makeService('web'),
      pod: makePod('p', { ip: '10.0.0.1', phase: 'Succeeded' }),
      isEndpoint: false,
      first: 'pod phase is Succeeded: finished pods are never endpoints',
    },
  ];
  it.each(cases)('$name', ({ svc, pod, isEndpoint, ready, first }) => {
    const r = explainPodMembership(svc, pod, node);
    expect(r.isEndpoint).toBe(isEndpoint);
    expect(r.ready).toBe(ready);
    expect(r.reasons[0]).toBe(first);
  });

  it('names a targetPort the pod lacks', () => {
    const svc = makeService('web', { ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' }] });
    const r = explainPodMembership(svc, makePod('p', { ip: '10.0.0.1' }), node);
    expect(r.reasons).toContain('port http: no container port named http with protocol TCP; the pod is listed without this port');
  });
});
