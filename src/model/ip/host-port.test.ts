import { describe, expect, it } from 'vitest';
import { joinHostPort } from './host-port';

describe('joinHostPort', () => {
  it.each<[string, number, string]>([
    ['10.0.0.1', 80, '10.0.0.1:80'],
    ['fd00::1', 80, '[fd00::1]:80'],
    ['::', 0, '[::]:0'],
  ])('%j, %j -> %j', (ip, port, out) => {
    expect(joinHostPort(ip, port)).toBe(out);
  });
});
