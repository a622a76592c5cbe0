import { describe, expect, it } from 'vitest';
import { deflateSync, strToU8 } from 'fflate';
import { encodeBase64url } from './base64url';
import {
  MAX_FRAGMENT_CHARS,
  MAX_INFLATED_BYTES,
  buildShareUrl,
  decodeShareState,
  encodeShareState,
  type ShareState,
} from './state-codec';

const YAML = `apiVersion: v1
kind: Service
metadata:
  name: my-service
spec:
  selector:
    app: MyApp
  ports:
    - protocol: TCP
      port: 80
      targetPort: 9376
`;

/** Builds a fragment from an arbitrary wire object, as a foreign or forged link would. */
const forge = (wire: unknown): string => `#s=${encodeBase64url(deflateSync(strToU8(JSON.stringify(wire))))}`;

function roundTrip(state: ShareState): ShareState {
  const enc = encodeShareState(state);
  if (!enc.ok) throw new Error('encode failed');
  const dec = decodeShareState(enc.fragment);
  if (!dec.ok) throw new Error(`decode failed: ${dec.error}`);
  return dec.state;
}

describe('share state in the URL fragment', () => {
  it.each<{ name: string; state: ShareState }>([
    { name: 'manifest only', state: { yaml: YAML } },
    {
      name: 'full picture',
      state: {
        yaml: YAML,
        mode: 'ipvs',
        node: 'worker-2',
        source: { kind: 'pod', namespace: 'default', name: 'client' },
        destination: { namespace: 'default', name: 'my-service', port: 80, via: 'clusterIP' },
        rate: 4,
        speed: 0.5,
        seed: 4242,
        scheduler: 'lc',
      },
    },
    { name: 'external client to a named port', state: { yaml: YAML, source: { kind: 'external' }, destination: { namespace: 'shop', name: 'web', port: 'http', via: 'loadBalancer' } } },
    { name: 'host-network source', state: { yaml: YAML, source: { kind: 'node', name: 'node-1' }, destination: { namespace: 'default', name: 'web' } },
    },
    { name: 'non-ASCII manifest (UTF-8)', state: { yaml: '# Dịch vụ – ✓ 日本\n' + YAML, mode: 'nftables' } },
    { name: 'seed 0 and max seed', state: { yaml: '', seed: 0xffffffff } },
  ])('$name survives a round trip', ({ state }) => {
    expect(roundTrip(state)).toEqual(state);
  });

  it('produces a fragment of only URL-safe characters, starting with #s=', () => {
    const enc = encodeShareState({ yaml: YAML, mode: 'iptables' });
    expect(enc.ok).toBe(true);
    if (enc.ok) expect(enc.fragment).toMatch(/^#s=[A-Za-z0-9_-]+$/);
  });

  it('compresses: a repetitive 60 KB manifest fits in a link', () => {
    const big = Array.from({ length: 400 }, (_, i) => YAML.replace('my-service', `svc-${i}`)).join('---\n');
    expect(big.length).toBeGreaterThan(60_000);
    const enc = encodeShareState({ yaml: big });
    expect(enc.ok).toBe(true);
    if (enc.ok) expect(enc.payloadChars).toBeLessThan(MAX_FRAGMENT_CHARS);
  });

  it('refuses to make a link beyond the size limit and says how big it was', () => {
    // incompressible text: pseudo-random letters
    let x = 12345;
    const noise = Array.from({ length: 40_000 }, () => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return String.fromCharCode(33 + (x >>> 16) % 90);
    }).join('');
    const enc = encodeShareState({ yaml: noise });
    expect(enc).toMatchObject({ ok: false, reason: 'too-large', limit: MAX_FRAGMENT_CHARS });
    if (!enc.ok) expect(enc.payloadChars).toBeGreaterThan(MAX_FRAGMENT_CHARS);
  });

  it('buildShareUrl keeps path and query (?src=) and replaces an old fragment', () => {
    const r = buildShareUrl('https://x.test/app/?src=a.yaml#s=old', { yaml: 'a: 1' });
    expect(r.url).toMatch(/^https:\/\/x\.test\/app\/\?src=a\.yaml#s=[A-Za-z0-9_-]+$/);
  });
});

describe('decoding untrusted fragments', () => {
  it.each([
    { name: 'empty hash', hash: '' },
    { name: 'just #', hash: '#' },
    { name: 'an in-page anchor', hash: '#install' },
  ])('$name is not shared state (no error shown)', ({ hash }) => {
    expect(decodeShareState(hash)).toEqual({ ok: false, error: null });
  });

  it.each([
    { name: 'not base64url', hash: '#s=@@@', error: /not base64url/ },
    { name: 'not deflate', hash: '#s=AAAAAAAA', error: /cannot decompress|not JSON/ },
    { name: 'JSON array', hash: forge([1, 2]), error: /not an object/ },
    { name: 'wrong version', hash: forge({ v: 99, y: 'a' }), error: /unsupported version 99/ },
    { name: 'manifest missing', hash: forge({ v: 1 }), error: /no manifest/ },
    { name: 'manifest not a string', hash: forge({ v: 1, y: { evil: true } }), error: /no manifest/ },
    { name: 'too long', hash: '#s=' + 'A'.repeat(300_000), error: /too long/ },
  ])('$name -> error', ({ hash, error }) => {
    const r = decodeShareState(hash);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(error);
  });

  it('refuses a zip bomb (inflates beyond the limit)', () => {
    const bomb = `#s=${encodeBase64url(deflateSync(new Uint8Array(MAX_INFLATED_BYTES + 10).fill(32)))}`;
    expect(bomb.length).toBeLessThan(10_000);
    expect(decodeShareState(bomb)).toEqual({ ok: false, error: 'shared link expands beyond the size limit' });
  });

  it.each([
    { name: 'unknown mode', wire: { m: 'ebpf' }, warning: /unknown proxy mode "ebpf"/ },
    { name: 'numeric node', wire: { n: 3 }, warning: /invalid node/ },
    { name: 'negative speed', wire: { sp: -1 }, warning: /invalid speed/ },
    { name: 'fractional seed', wire: { sd: 1.5 }, warning: /invalid seed/ },
    { name: 'source of unknown kind', wire: { s: { kind: 'satellite' } }, warning: /invalid traffic source/ },
    { name: 'pod source without namespace', wire: { s: { kind: 'pod', name: 'a' } }, warning: /invalid traffic source/ },
    { name: 'destination with a bogus via', wire: { d: { namespace: 'a', name: 'b', via: 'teleport' } }, warning: /invalid traffic destination/ },
    { name: 'destination port out of range', wire: { d: { namespace: 'a', name: 'b', port: 70000 } }, warning: /invalid traffic destination/ },
    { name: 'rate as text', wire: { r: '5' }, warning: /invalid rate/ },
    { name: 'scheduler with markup', wire: { sc: '<b>' }, warning: /invalid scheduler/ },
  ])('$name is dropped with a warning, the manifest still loads', ({ wire, warning }) => {
    const r = decodeShareState(forge({ v: 1, y: YAML, ...wire }));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.state).toEqual({ yaml: YAML });
      expect(r.warnings.join('\n')).toMatch(warning);
    }
  });

  it('accepts the mode case-insensitively and drops unknown fields', () => {
    const r = decodeShareState(forge({ v: 1, y: 'x', m: 'IPVS', __proto__x: 1, html: '<img src=x>' }));
    expect(r).toEqual({ ok: true, state: { yaml: 'x', mode: 'ipvs' }, warnings: [] });
  });

  it('reads the state next to other fragment parameters', () => {
    const enc = encodeShareState({ yaml: 'x', node: 'n1' });
    if (!enc.ok) throw new Error();
    const r = decodeShareState(`#foo=1&${enc.fragment.slice(1)}`);
    expect(r.ok && r.state.node).toBe('n1');
  });
});
