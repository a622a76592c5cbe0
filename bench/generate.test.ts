import { describe, expect, it } from 'vitest';
import { load } from 'js-yaml';
import { generateManifest, generateManifestFiles, generateManifestOfSize } from './generate';

// The benchmark generators run here at a tiny size so they cannot rot.
describe('bench generators', () => {
  it('generate a deterministic manifest of nodes, Services and Deployments', () => {
    const text = generateManifest({ services: 4, podsPerService: 2, nodes: 3 });
    expect(generateManifest({ services: 4, podsPerService: 2, nodes: 3 })).toBe(text);
    const docs = text.split('---\n').map((d) => load(d) as { kind: string; metadata?: { name: string }; spec?: { replicas?: number; podCIDR?: string } });
    const kinds = docs.map((d) => d.kind);
    expect(kinds.filter((k) => k === 'Node')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'Service')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'Deployment')).toHaveLength(4);
    expect(kinds[0]).toBe('KubeProxyConfiguration');
    expect(docs.find((d) => d.kind === 'Deployment')?.spec?.replicas).toBe(2);
    const cidrs = docs.filter((d) => d.kind === 'Node').map((d) => d.spec?.podCIDR);
    expect(new Set(cidrs).size).toBe(3);
  });

  it('sizes a manifest to at least the requested bytes', () => {
    const text = generateManifestOfSize(20_000);
    expect(text.length).toBeGreaterThanOrEqual(20_000);
    expect(text.length).toBeLessThan(22_000);
  });

  it('split into files, hold the same objects as the single manifest', () => {
    const files = generateManifestFiles({ services: 5, podsPerService: 1, nodes: 2 }, 2);
    expect(files.map((f) => f.file)).toEqual(['cluster.yaml', 'services-0.yaml', 'services-1.yaml', 'services-2.yaml']);
    const kinds = (t: string) => t.split('---\n').map((d) => (load(d) as { kind: string }).kind).sort();
    expect(files.flatMap((f) => kinds(f.text)).sort()).toEqual(kinds(generateManifest({ services: 5, podsPerService: 1, nodes: 2 })));
  });
});
