import { describe, expect, it } from 'vitest';
import { rovingTarget } from './scene-layer';

describe('rovingTarget: arrow keys move focus between the pods of one node', () => {
  it.each([
    // key, from index, pods in the node, -> index (null: key not handled)
    ['ArrowRight', 0, 5, 1],
    ['ArrowDown', 3, 5, 4],
    ['ArrowRight', 4, 5, 4],
    ['ArrowLeft', 2, 5, 1],
    ['ArrowUp', 0, 5, 0],
    ['Home', 3, 5, 0],
    ['End', 1, 5, 4],
    ['Tab', 1, 5, null],
    ['a', 1, 5, null],
    ['ArrowRight', 0, 0, null],
  ] as const)('%s from %i of %i -> %s', (key, index, count, out) => {
    expect(rovingTarget(key, index, count)).toBe(out);
  });
});
