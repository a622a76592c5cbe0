import { describe, expect, it } from 'vitest';
import { parseManifestText, PARSE_LIMITS } from './parse';

describe('parseManifestText', () => {
  it('reads multi-document YAML and remembers where each field is', () => {
    const text = [
      'apiVersion: v1', // 1
      'kind: Service', // 2
      'metadata:', // 3
      '  name: my-service', // 4
      'spec:', // 5
      '  ports:', // 6
      '    - protocol: TCP', // 7
      '      port: 80', // 8
      '---', // 9
      'apiVersion: v1', // 10
      'kind: Pod', // 11
      'metadata: {name: p}', // 12
    ].join('\n');
    const r = parseManifestText(text, 'm.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.objects).toHaveLength(2);
    const [svc, pod] = r.objects;
    expect(svc?.raw.kind).toBe('Service');
    expect(svc?.source).toMatchObject({ file: 'm.yaml', doc: 0, line: 1, column: 1 });
    expect(svc?.source.fields['spec.ports[0].port']).toEqual({ line: 8, column: 7 });
    expect(svc?.source.fields['spec.ports[0]']).toEqual({ line: 7, column: 7 });
    expect(svc?.source.fields['metadata.name']).toEqual({ line: 4, column: 3 });
    expect(pod?.source).toMatchObject({ doc: 1, line: 10 });
    expect(pod?.source.fields['metadata.name']).toEqual({ line: 12, column: 12 });
  });

  it('puts keys that are not identifiers in brackets, as the API server does', () => {
    const r = parseManifestText('metadata:\n  labels:\n    app.kubernetes.io/name: x\n', 'f');
    expect(r.objects[0]?.source.fields['metadata.labels[app.kubernetes.io/name]']).toEqual({ line: 3, column: 5 });
  });

  it('flattens kind: List (kubectl get -o yaml) with item-relative paths', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: Service',
      '  metadata:',
      '    name: a',
      '- apiVersion: v1',
      '  kind: Pod',
      '  metadata:',
      '    name: b',
    ].join('\n');
    const r = parseManifestText(text, 'list.yaml');
    expect(r.objects.map((o) => o.raw.kind)).toEqual(['Service', 'Pod']);
    expect(r.objects[1]?.source).toMatchObject({ line: 8, column: 3 });
    expect(r.objects[1]?.source.fields['metadata.name']).toEqual({ line: 11, column: 5 });
  });

  it('reads JSON', () => {
    const r = parseManifestText('{"apiVersion": "v1", "kind": "Service",\n "metadata": {"name": "x"}}', 'x.json');
    expect(r.diagnostics).toEqual([]);
    expect(r.objects[0]?.raw).toEqual({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' } });
  });

  it('locates a syntax error and keeps the other documents', () => {
    const text = ['kind: Service', 'metadata: {name: a}', '---', 'kind: Pod', 'metadata: [', '  oops: : :', '---', 'kind: Node', 'metadata: {name: n}'].join('\n');
    const r = parseManifestText(text, 'bad.yaml');
    expect(r.objects.map((o) => o.raw.kind)).toEqual(['Service', 'Node']);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]?.severity).toBe('error');
    expect(r.diagnostics[0]?.line).toBeGreaterThanOrEqual(5);
    expect(r.diagnostics[0]?.line).toBeLessThanOrEqual(7);
    expect(r.diagnostics[0]?.message).toMatch(/^YAML syntax error: /);
    expect(r.objects[1]?.source.line).toBe(8);
  });

  it('refuses a billion-laughs document quickly', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const t0 = process.hrtime.bigint();
    const r = parseManifestText(lines.join('\n'), 'bomb.yaml');
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    expect(r.objects).toEqual([]);
    expect(r.diagnostics[0]?.message).toMatch(/aliases|alias/);
    expect(ms).toBeLessThan(2000);
  });

  it('refuses very deep nesting and oversize input with a message', () => {
    const deep = parseManifestText('a: '.concat('['.repeat(200), ']'.repeat(200)), 'deep.yaml');
    expect(deep.objects).toEqual([]);
    expect(deep.diagnostics[0]?.message).toMatch(/YAML syntax error/);
    const big = parseManifestText('#'.repeat(PARSE_LIMITS.maxTextLength + 1), 'big.yaml');
    expect(big.diagnostics[0]?.message).toMatch(/over the limit/);
  });

  it('reports a document that is not an object', () => {
    const r = parseManifestText('- 1\n- 2\n', 'f');
    expect(r.objects).toEqual([]);
    expect(r.diagnostics.map((d) => d.line)).toEqual([1, 2]);
  });

  it('skips empty documents and comments', () => {
    const r = parseManifestText('---\n# nothing\n---\nkind: Pod\n', 'f');
    expect(r.objects).toHaveLength(1);
    expect(r.diagnostics).toEqual([]);
  });
});
