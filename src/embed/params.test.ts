import { describe, expect, it } from 'vitest';
import {
  formatEmbedParams,
  parseBooleanParam,
  parseControls,
  parseEmbedParams,
  parseLang,
  parseOrigins,
  parseProxyMode,
  type EmbedParams,
} from './params';

describe('boolean parameters and attributes', () => {
  it.each([
    { value: '1', fallback: false, expected: true },
    { value: 'true', fallback: false, expected: true },
    { value: 'TRUE', fallback: false, expected: true },
    { value: '', fallback: false, expected: true }, // bare presence: ?autoplay or <svc-viz autoplay>
    { value: 'autoplay', fallback: false, expected: true }, // autoplay="autoplay", HTML style
    { value: '0', fallback: true, expected: false },
    { value: 'false', fallback: true, expected: false },
    { value: ' False ', fallback: true, expected: false },
    { value: null, fallback: true, expected: true }, // absent: default
    { value: null, fallback: false, expected: false },
    { value: undefined, fallback: false, expected: false },
  ])('$value (default $fallback) -> $expected', ({ value, fallback, expected }) => {
    expect(parseBooleanParam(value, fallback)).toBe(expected);
  });
});

describe('proxy mode names', () => {
  it.each([
    ['iptables', 'iptables'],
    ['IPVS', 'ipvs'],
    [' nftables ', 'nftables'],
    ['UserSpace', 'userspace'],
    ['kernelspace', null],
    ['', null],
    [42, null],
    [undefined, null],
  ])('%j -> %j', (value, expected) => {
    expect(parseProxyMode(value)).toBe(expected);
  });
});

describe('controls', () => {
  it.each([
    { value: null, expected: 'none' },
    { value: '', expected: 'compact' },
    { value: '1', expected: 'compact' },
    { value: 'true', expected: 'compact' },
    { value: 'full', expected: 'full' },
    { value: 'COMPACT', expected: 'compact' },
    { value: '0', expected: 'none' },
    { value: 'false', expected: 'none' },
    { value: 'none', expected: 'none' },
  ])('$value -> $expected', ({ value, expected }) => {
    expect(parseControls(value, 'none')).toBe(expected);
  });
});

describe('allowed parent origins', () => {
  it.each([
    { values: ['https://docs.example.com'], expected: ['https://docs.example.com'] },
    { values: ['https://a.test, http://b.test:8080'], expected: ['https://a.test', 'http://b.test:8080'] },
    { values: ['https://a.test', 'https://a.test/'], expected: ['https://a.test'] },
    { values: ['HTTPS://A.TEST:443'], expected: ['https://a.test'] },
    { values: ['http://127.0.0.1:4280'], expected: ['http://127.0.0.1:4280'] },
    { values: ['*'], expected: [] }, // never a wildcard
    { values: ['https://a.test/path'], expected: [] }, // an origin has no path
    { values: ['javascript:alert(1)'], expected: [] },
    { values: ['null'], expected: [] },
  ])('$values -> $expected', ({ values, expected }) => {
    expect(parseOrigins(values)).toEqual(expected);
  });
});

describe('lang', () => {
  it.each([
    ['en', 'en'],
    ['pt-BR', 'pt-BR'],
    ['vi', 'vi'],
    ['"><script>', undefined],
    ['', undefined],
  ])('%j -> %j', (value, expected) => {
    expect(parseLang(value)).toBe(expected);
  });
});

describe('embed.html query', () => {
  it('defaults: no controls, automatic autoplay and theme, any parent', () => {
    expect(parseEmbedParams('')).toEqual({ controls: 'none', theme: 'auto', origins: [] });
  });

  it('reads every parameter', () => {
    expect(
      parseEmbedParams('?src=examples%2Fweb.yaml&mode=IPVS&controls&autoplay=0&theme=dark&lang=vi&origin=https://docs.test'),
    ).toEqual({ src: 'examples/web.yaml', mode: 'ipvs', controls: 'compact', autoplay: false, theme: 'dark', lang: 'vi', origins: ['https://docs.test'] });
  });

  it('ignores invalid values', () => {
    expect(parseEmbedParams('?mode=bogus&theme=neon&lang=<b>')).toEqual({ controls: 'none', theme: 'auto', origins: [] });
  });

  it.each([
    ['?autoplay', true],
    ['?autoplay=1', true],
    ['?autoplay=true', true],
    ['?autoplay=0', false],
    ['?autoplay=false', false],
    ['', undefined],
  ])('autoplay in %j -> %j', (search, expected) => {
    expect(parseEmbedParams(search).autoplay).toBe(expected);
  });

  it('formats back, leaving defaults out', () => {
    const p: EmbedParams = { src: 'a b.yaml', mode: 'nftables', controls: 'compact', autoplay: false, theme: 'dark', origins: ['https://d.test'] };
    const q = formatEmbedParams(p);
    expect(q).toBe('?src=a+b.yaml&mode=nftables&controls=compact&autoplay=0&theme=dark&origin=https%3A%2F%2Fd.test');
    expect(parseEmbedParams(q)).toEqual({ ...p, origins: ['https://d.test'] });
    expect(formatEmbedParams({ controls: 'none', theme: 'auto' })).toBe('');
    expect(formatEmbedParams({ autoplay: true })).toBe('?autoplay=1');
  });
});
