import { describe, expect, it } from 'vitest';
import { isTrustedSender, parseInboundMessage, readyTargetOrigins, replyTargetOrigin } from './messages';

describe('inbound postMessage validation', () => {
  it.each<{ name: string; data: unknown; expected: unknown }>([
    { name: 'load', data: { type: 'svcviz:load', yaml: 'kind: Service' }, expected: { kind: 'ok', message: { type: 'svcviz:load', yaml: 'kind: Service' } } },
    { name: 'set-mode, case-insensitive', data: { type: 'svcviz:set-mode', mode: 'IPVS' }, expected: { kind: 'ok', message: { type: 'svcviz:set-mode', mode: 'ipvs' } } },
    { name: 'set-mode userspace', data: { type: 'svcviz:set-mode', mode: 'userspace' }, expected: { kind: 'ok', message: { type: 'svcviz:set-mode', mode: 'userspace' } } },
    { name: 'play', data: { type: 'svcviz:play' }, expected: { kind: 'ok', message: { type: 'svcviz:play' } } },
    { name: 'pause, extra fields dropped', data: { type: 'svcviz:pause', x: 1 }, expected: { kind: 'ok', message: { type: 'svcviz:pause' } } },
    { name: 'get-stats', data: { type: 'svcviz:get-stats' }, expected: { kind: 'ok', message: { type: 'svcviz:get-stats' } } },
    { name: 'a string', data: 'svcviz:play', expected: { kind: 'foreign' } },
    { name: 'null', data: null, expected: { kind: 'foreign' } },
    { name: 'another library', data: { type: 'webpackOk' }, expected: { kind: 'foreign' } },
    { name: 'our own ready echoing back', data: { type: 'svcviz:ready' }, expected: { kind: 'foreign' } },
  ])('$name', ({ data, expected }) => {
    expect(parseInboundMessage(data)).toEqual(expected);
  });

  it.each<{ name: string; data: unknown; error: RegExp }>([
    { name: 'load without yaml', data: { type: 'svcviz:load' }, error: /"yaml" must be a string/ },
    { name: 'load with an object', data: { type: 'svcviz:load', yaml: { a: 1 } }, error: /"yaml" must be a string/ },
    { name: 'load too large', data: { type: 'svcviz:load', yaml: 'x'.repeat(2_000_001) }, error: /too large/ },
    { name: 'unknown mode', data: { type: 'svcviz:set-mode', mode: 'ebpf' }, error: /unsupported mode "ebpf"; expected one of userspace, iptables, ipvs, nftables/ },
    { name: 'mode missing', data: { type: 'svcviz:set-mode' }, error: /unsupported mode/ },
    { name: 'unknown svcviz type', data: { type: 'svcviz:explode' }, error: /unknown message type "svcviz:explode"/ },
  ])('$name -> error', ({ data, error }) => {
    const r = parseInboundMessage(data);
    expect(r.kind).toBe('invalid');
    if (r.kind === 'invalid') expect(r.error).toMatch(error);
  });
});

describe('who may drive the embed', () => {
  const parent = { id: 'parent' };
  const self = { id: 'self' };
  const sibling = { id: 'sibling-frame' };
  it.each([
    { name: 'the embedding parent, no origin list', source: parent, origin: 'https://docs.test', allowed: [], expected: true },
    { name: 'the parent on an allowed origin', source: parent, origin: 'https://docs.test', allowed: ['https://docs.test'], expected: true },
    { name: 'the parent on another origin', source: parent, origin: 'https://evil.test', allowed: ['https://docs.test'], expected: false },
    { name: 'a sibling frame, even on an allowed origin', source: sibling, origin: 'https://docs.test', allowed: ['https://docs.test'], expected: false },
    { name: 'the embed itself', source: self, origin: 'https://docs.test', allowed: [], expected: false },
    { name: 'no source (closed window)', source: null, origin: 'https://docs.test', allowed: [], expected: false },
  ])('$name -> $expected', ({ source, origin, allowed, expected }) => {
    expect(isTrustedSender({ source, origin, parent, self, allowedOrigins: allowed })).toBe(expected);
  });

  it('a top-level embed page (not framed) accepts no commands', () => {
    expect(isTrustedSender({ source: self, origin: 'https://a.test', parent: self, self, allowedOrigins: [] })).toBe(false);
  });
});

describe('reply targets', () => {
  it.each([
    ['https://docs.test', 'https://docs.test'],
    ['null', null],
    ['', null],
  ])('reply to sender origin %j -> %j', (origin, expected) => {
    expect(replyTargetOrigin(origin)).toBe(expected);
  });

  it.each([
    { name: 'the parent (ancestor) origin', allowed: [], ancestor: 'https://c.test', referrer: 'https://d.test/page', expected: ['https://c.test'] },
    { name: 'an allowed parent', allowed: ['https://a.test', 'https://c.test'], ancestor: 'https://c.test', referrer: '', expected: ['https://c.test'] },
    { name: 'a parent not on the list: nobody', allowed: ['https://a.test'], ancestor: 'https://c.test', referrer: '', expected: [] },
    { name: 'unknown parent with a list: every listed origin', allowed: ['https://a.test', 'https://b.test'], ancestor: undefined, referrer: '', expected: ['https://a.test', 'https://b.test'] },
    { name: 'then the referrer origin', allowed: [], ancestor: undefined, referrer: 'https://d.test/docs/page.html?x#y', expected: ['https://d.test'] },
    { name: 'opaque ancestor and no referrer: nobody', allowed: [], ancestor: 'null', referrer: '', expected: [] },
  ])('ready: $name', ({ allowed, ancestor, referrer, expected }) => {
    expect(readyTargetOrigins(allowed, ancestor, referrer)).toEqual(expected);
  });
});
