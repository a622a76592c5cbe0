import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { base32Std, endpointChainName, serviceChainName, sha256, utf8Bytes } from './hash';

describe('sha256', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ])('matches the FIPS 180-4 vector for %j', (input, hex) => {
    expect(Buffer.from(sha256(utf8Bytes(input))).toString('hex')).toBe(hex);
  });

  it('matches node:crypto on inputs around block boundaries and non-ASCII text', () => {
    for (let n = 0; n < 200; n++) {
      const s = 'ns/svc-ü:'.repeat(3).slice(0, n % 30) + 'x'.repeat(n);
      expect(Buffer.from(sha256(utf8Bytes(s))).toString('hex')).toBe(createHash('sha256').update(s).digest('hex'));
    }
  });
});

describe('base32Std', () => {
  it.each([
    ['', ''], ['f', 'MY======'], ['fo', 'MZXQ===='], ['foo', 'MZXW6==='],
    ['foob', 'MZXW6YQ='], ['fooba', 'MZXW6YTB'], ['foobar', 'MZXW6YTBOI======'],
  ])('encodes %j as %j (RFC 4648 test vectors)', (input, out) => {
    expect(base32Std(utf8Bytes(input))).toBe(out);
  });
});

describe('kube-proxy chain names (k8s-semantics §5.3)', () => {
  it.each([
    ['ns1/svc1:p80', 'tcp', 'KUBE-SVC-XPGD46QRK7WJZT7O'],
    ['ns1/svc1', 'tcp', 'KUBE-SVC-AQI2S6QIMU7PVVRP'],
    ['default/kubernetes:https', 'tcp', 'KUBE-SVC-NPX46M4PTMTKRN6Y'],
    ['kube-system/kube-dns:dns', 'udp', 'KUBE-SVC-TCOU7JCQXEZGVUNU'],
  ])('%s + %s -> %s', (spn, proto, chain) => {
    expect(serviceChainName(spn, proto)).toBe(chain);
  });

  it('names endpoint chains from service port, protocol and ip:port', () => {
    expect(endpointChainName('ns1/svc1:p80', 'tcp', '10.180.0.1:80')).toBe('KUBE-SEP-SXIVWICOYRO3J4NJ');
  });
});

describe('fast 16-character hash', () => {
  it('equals base32(sha256)[0:16] for many inputs', () => {
    for (let i = 0; i < 300; i++) {
      const s = `ns${i}/svc-${'x'.repeat(i % 70)}:p${i}tcp10.${i}.0.1:${i}`;
      const want = base32Std(new Uint8Array(createHash('sha256').update(s).digest())).slice(0, 16);
      expect(endpointChainName(s, '', '')).toBe(`KUBE-SEP-${want}`);
    }
  });
});
