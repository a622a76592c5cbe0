import { describe, expect, it } from 'vitest';
import { cidrContains, firstHostIP, isIPv4, isIPv6, joinHostPort, splitHostPort } from './ip';

describe('ip helpers', () => {
  it.each([
    ['10.244.0.0/16', '10.244.3.7', true],
    ['10.244.0.0/16', '10.245.0.1', false],
    ['203.0.113.0/24', '203.0.113.255', true],
    [' 203.0.113.0/24 ', '203.0.114.1', false],
    ['0.0.0.0/0', '8.8.8.8', true],
    ['10.0.0.5/32', '10.0.0.5', true],
    ['fd00::/64', '10.0.0.1', false],
    ['10.0.0.0/8', 'fd00::1', false],
    ['fd00:10:244::/56', 'fd00:10:244:ff::7', true],
    ['fd00:10:244::/56', 'fd00:10:245::7', false],
    ['fd00:10:244:1::/64', 'FD00:10:244:1:0:0:0:5', true],
    ['::/0', '2001:db8::1', true],
  ])('%s contains %s: %s', (cidr, ip, want) => {
    expect(cidrContains(cidr, ip)).toBe(want);
  });

  it.each([
    ['10.244.0.0/24', '10.244.0.1'],
    ['10.244.1.0/24', '10.244.1.1'],
    ['10.244.1.7/24', '10.244.1.1'],
    ['fd00:10:244:1::/64', 'fd00:10:244:1::1'],
    ['fd00:10:244::/56', 'fd00:10:244::1'],
  ])('bridge address of %s is %s', (cidr, ip) => {
    expect(firstHostIP(cidr)).toBe(ip);
  });

  it.each([
    ['10.0.0.1', 80, '10.0.0.1:80'],
    ['fd00::1', 80, '[fd00::1]:80'],
  ])('joinHostPort(%s, %d) = %s (Go net.JoinHostPort)', (ip, port, want) => {
    expect(joinHostPort(ip, port)).toBe(want);
  });

  it.each([
    ['10.0.0.1:80', { host: '10.0.0.1', port: '80' }],
    ['my-service', { host: 'my-service' }],
    ['my-service:http', { host: 'my-service', port: 'http' }],
    ['[fd00::1]:443', { host: 'fd00::1', port: '443' }],
    ['fd00::1', { host: 'fd00::1' }],
  ])('splitHostPort(%s)', (text, want) => {
    expect(splitHostPort(text)).toEqual(want);
  });

  it('tells IPv4 from IPv6 and from names', () => {
    expect(isIPv4('192.168.49.2')).toBe(true);
    expect(isIPv4('256.1.1.1')).toBe(false);
    expect(isIPv4('node-a')).toBe(false);
    expect(isIPv6('fd00::1')).toBe(true);
    expect(isIPv6('my-service')).toBe(false);
  });
});
