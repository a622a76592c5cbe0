import { describe, expect, it } from 'vitest';
import { rulesFilename, safeFilePart } from './filenames';

describe('export file names', () => {
  it.each([
    ['node-1', 'node-1'],
    ['ip-10-0-1-5.ec2.internal', 'ip-10-0-1-5.ec2.internal'],
    ['../../etc/passwd', '..-..-etc-passwd'],
    ['<img src=x>', 'img-src-x'],
    ['', 'cluster'],
    ['///', 'cluster'],
  ])('%j -> %j', (input, expected) => {
    expect(safeFilePart(input)).toBe(expected);
  });

  it('rules file says node and mode', () => {
    expect(rulesFilename('worker-2', 'nftables')).toBe('svcviz-worker-2-nftables-rules.txt');
  });
});
