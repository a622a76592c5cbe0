import { describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64url } from './base64url';

const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);

describe('base64url (RFC 4648 §5, unpadded)', () => {
  it.each([
    { name: 'empty', input: bytes(), text: '' },
    { name: 'one byte', input: bytes(0x66), text: 'Zg' },
    { name: 'two bytes', input: bytes(0x66, 0x6f), text: 'Zm8' },
    { name: 'three bytes', input: bytes(0x66, 0x6f, 0x6f), text: 'Zm9v' },
    { name: 'uses - and _ instead of + and /', input: bytes(0xfb, 0xff, 0xbf), text: '-_-_' },
  ])('$name: encodes to "$text" and back', ({ input, text }) => {
    expect(encodeBase64url(input)).toBe(text);
    expect(Array.from(decodeBase64url(text)!)).toEqual(Array.from(input));
  });

  it('round-trips every byte value', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    expect(Array.from(decodeBase64url(encodeBase64url(all))!)).toEqual(Array.from(all));
  });

  it('tolerates padding', () => {
    expect(Array.from(decodeBase64url('Zg==')!)).toEqual([0x66]);
  });

  it.each(['a+b', 'a/b', 'ab cd', 'Z', '<script>'])('rejects %j', (text) => {
    expect(decodeBase64url(text)).toBeNull();
  });
});
