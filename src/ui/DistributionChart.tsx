// Each endpoint's share of the target Service's requests, against the
// expected share: 1/n of the ready endpoints this source may use (random in
// iptables/nftables, round-robin in userspace/IPVS rr), or everything to one
// Pod with sessionAffinity ClientIP (one client).

import { useEffect, useMemo, useRef } from 'react';
import { drawDistribution } from '../draw/distribution-chart';
import type { ShareBar } from '../draw/distribution-chart';
import { serviceColour } from '../scene/palette';
import { selectCluster, selectTraffic } from '../store/selectors';
import { useApp, useT } from './context';

const MAX_BARS = 16;

export function DistributionChart() {
  const t = useT();
  const cluster = useApp(selectCluster);
  const traffic = useApp(selectTraffic);
  const received = useApp((s) => s.received);
  const expectedShares = useApp((s) => s.frame?.expected);
  const svgRef = useRef<SVGSVGElement>(null);
  const target = traffic?.target;
  const svc = cluster?.services.find((s) => target && (s.metadata.namespace ?? 'default') === target.namespace && s.metadata.name === target.name);
  const colour = useMemo(() => {
    const i = cluster?.services.findIndex((s) => s === svc) ?? 0;
    return serviceColour('', Math.max(0, i));
  }, [cluster, svc]);

  const bars: ShareBar[] = useMemo(() => {
    if (!cluster || !svc) return [];
    const sel = svc.spec.selector ?? {};
    const ns = svc.metadata.namespace ?? 'default';
    const pods = cluster.pods.filter(
      (p) => (p.metadata.namespace ?? 'default') === ns && Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => p.metadata.labels?.[k] === v),
    );
    const keyOf = (name: string) => `Pod/${ns}/${name}`;
    const total = pods.reduce((a, p) => a + (received[keyOf(p.metadata.name ?? '')] ?? 0), 0);
    const ready = new Set(pods.filter((p) => (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') && !p.metadata.deletionTimestamp));
    const affinity = svc.spec.sessionAffinity === 'ClientIP';
    // Once, not per pod: Object.keys over 2,000 shares for each of 2,000 pods froze the page.
    const hasExpected = !!expectedShares && Object.keys(expectedShares).length > 0;
    const all = pods.map((p) => {
      const key = keyOf(p.metadata.name ?? '');
      const count = received[key] ?? 0;
      // One client with ClientIP affinity sticks to one pod; otherwise the
      // rules' exact probabilities for this source (topology, traffic
      // policies), or 1/n of the ready endpoints when they are unknown.
      const expected = affinity
        ? count > 0 && ready.has(p) ? 1 : 0
        : hasExpected
          ? (expectedShares?.[key] ?? 0)
          : !ready.has(p) || ready.size === 0 ? 0 : 1 / ready.size;
      return { key, label: p.metadata.name ?? '', count, share: total ? count / total : 0, expected };
    });
    // Many endpoints: the busiest ones are enough to compare with 1/n.
    return all.length <= MAX_BARS ? all : all.sort((a, b) => b.count - a.count).slice(0, MAX_BARS);
  }, [cluster, svc, received, expectedShares]);

  const expectedLabel = t('expected');
  useEffect(() => {
    const el = svgRef.current;
    if (!el) return;
    const width = Math.max(240, Math.min(520, (el.parentElement?.clientWidth ?? 360) - 28));
    drawDistribution(el, bars, width, colour, expectedLabel);
  }, [bars, colour, expectedLabel]);

  if (!svc || bars.length === 0) return null;
  return (
    <section className="distribution" aria-label={t('distribution')}>
      <h3>
        {t('distribution')} — {svc.metadata.name}
      </h3>
      <svg ref={svgRef} role="img" aria-label={bars.map((b) => `${b.label} ${Math.round(b.share * 100)}%`).join(', ')} />
    </section>
  );
}
