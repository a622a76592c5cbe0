// Acting on the live cluster: the selected Pod, Node or Service and what can
// be done to it, plus the Deployments' replica counts. Every action goes to
// the worker, which applies it to the cluster and edits the manifest text.

import type { Service } from '../model/types';
import { selectCluster } from '../store/selectors';
import { useActions, useApp, useT } from './context';

function parseKey(key: string): { kind: string; namespace: string; name: string } {
  const [kind = '', namespace = '', ...rest] = key.split('/');
  return { kind, namespace, name: rest.join('/') };
}

const isReady = (conds: { type: string; status: string }[] | undefined): boolean =>
  (conds ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

export function Inspector() {
  const t = useT();
  const actions = useActions();
  const cluster = useApp(selectCluster);
  const inspected = useApp((s) => s.inspected);
  const received = useApp((s) => s.received);
  if (!cluster) return null;
  const ref = inspected ? parseKey(inspected) : null;
  const deployments = cluster.deployments.filter((d) => d.metadata.namespace !== 'kube-system');

  let body: React.ReactNode = null;
  if (ref?.kind === 'Pod') {
    const pod = cluster.pods.find((p) => (p.metadata.namespace ?? 'default') === ref.namespace && p.metadata.name === ref.name);
    if (pod) {
      const ready = isReady(pod.status?.conditions);
      body = (
        <div className="inspect">
          <h3>
            Pod {ref.namespace}/{ref.name}
          </h3>
          <dl>
            <dt>podIP</dt>
            <dd>{pod.status?.podIP ?? '—'}</dd>
            <dt>nodeName</dt>
            <dd>{pod.spec.nodeName ?? '—'}</dd>
            <dt>Ready</dt>
            <dd>{String(ready)}</dd>
            <dt>{t('received')}</dt>
            <dd>{received[inspected ?? ''] ?? 0}</dd>
          </dl>
          <div className="buttons">
            <button type="button" onClick={() => actions.act({ type: 'deletePod', namespace: ref.namespace, name: ref.name })}>
              {t('deletePod')}
            </button>
            <button type="button" onClick={() => actions.act({ type: 'setPodReady', namespace: ref.namespace, name: ref.name, ready: !ready })}>
              {ready ? t('makeUnready') : t('makeReady')}
            </button>
          </div>
        </div>
      );
    }
  } else if (ref?.kind === 'Node') {
    const node = cluster.nodes.find((n) => n.metadata.name === ref.name);
    if (node) {
      body = (
        <div className="inspect">
          <h3>Node {ref.name}</h3>
          <div className="buttons">
            {node.spec.unschedulable ? (
              <button type="button" onClick={() => actions.act({ type: 'uncordonNode', name: ref.name })}>
                {t('uncordonNode')}
              </button>
            ) : (
              <button type="button" onClick={() => actions.act({ type: 'drainNode', name: ref.name })}>
                {t('drainNode')}
              </button>
            )}
          </div>
        </div>
      );
    }
  } else if (ref?.kind === 'Service' || ref?.kind === 'LB') {
    const svc = cluster.services.find((s) => (s.metadata.namespace ?? 'default') === ref.namespace && s.metadata.name === ref.name);
    if (svc) body = <ServiceControls svc={svc} />;
  }

  return (
    <section className="inspector" aria-label={t('inspector')}>
      {body}
      {deployments.length > 0 && (
        <div className="workloads">
          {deployments.map((d) => {
            const ns = d.metadata.namespace ?? 'default';
            const name = d.metadata.name ?? '';
            const replicas = d.spec.replicas ?? 1;
            return (
              <div key={`${ns}/${name}`} className="scale-row">
                <span>
                  Deployment {ns === 'default' ? '' : `${ns}/`}
                  {name}
                </span>
                <button type="button" aria-label={`scale ${name} down`} disabled={replicas <= 0} onClick={() => actions.act({ type: 'scale', kind: 'Deployment', namespace: ns, name, replicas: replicas - 1 })}>
                  −
                </button>
                <output aria-label={`${t('scale')} ${name}`}>{replicas}</output>
                <button type="button" aria-label={`scale ${name} up`} onClick={() => actions.act({ type: 'scale', kind: 'Deployment', namespace: ns, name, replicas: replicas + 1 })}>
                  +
                </button>
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}

function ServiceControls({ svc }: { svc: Service }) {
  const t = useT();
  const actions = useActions();
  const ns = svc.metadata.namespace ?? 'default';
  const name = svc.metadata.name ?? '';
  const set = (field: 'sessionAffinity' | 'externalTrafficPolicy' | 'internalTrafficPolicy' | 'trafficDistribution', value: string | null) =>
    actions.act({ type: 'setServiceField', namespace: ns, name, field, value });
  const type = svc.spec.type ?? 'ClusterIP';
  const external = type === 'NodePort' || type === 'LoadBalancer' || (svc.spec.externalIPs?.length ?? 0) > 0;
  return (
    <div className="inspect">
      <h3>
        Service {ns}/{name} ({type})
      </h3>
      {type !== 'ExternalName' && (
        <div className="fields">
          <label>
            <span>{t('sessionAffinity')}</span>
            <select value={svc.spec.sessionAffinity ?? 'None'} onChange={(e) => set('sessionAffinity', e.target.value)}>
              <option value="None">None</option>
              <option value="ClientIP">ClientIP</option>
            </select>
          </label>
          {external && (
            <label>
              <span>{t('externalTrafficPolicy')}</span>
              <select value={svc.spec.externalTrafficPolicy ?? 'Cluster'} onChange={(e) => set('externalTrafficPolicy', e.target.value)}>
                <option value="Cluster">Cluster</option>
                <option value="Local">Local</option>
              </select>
            </label>
          )}
          <label>
            <span>{t('internalTrafficPolicy')}</span>
            <select value={svc.spec.internalTrafficPolicy ?? 'Cluster'} onChange={(e) => set('internalTrafficPolicy', e.target.value)}>
              <option value="Cluster">Cluster</option>
              <option value="Local">Local</option>
            </select>
          </label>
          <label>
            <span>{t('trafficDistribution')}</span>
            <select value={svc.spec.trafficDistribution ?? ''} onChange={(e) => set('trafficDistribution', e.target.value || null)}>
              <option value="">{t('unset')}</option>
              <option value="PreferClose">PreferClose</option>
              <option value="PreferSameZone">PreferSameZone</option>
              <option value="PreferSameNode">PreferSameNode</option>
            </select>
          </label>
        </div>
      )}
    </div>
  );
}
