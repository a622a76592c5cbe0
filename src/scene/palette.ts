// Colours for Services: each Service keeps its colour while the cluster
// changes, because the colour is derived from its key, not its position.

import { hashString } from '../model/rng';

/** Tableau-10-like hues that read on light and dark backgrounds. */
export const SERVICE_COLOURS: readonly string[] = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f',
  '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
];

export function serviceColour(key: string, index?: number): string {
  const i = index ?? hashString(key);
  return SERVICE_COLOURS[i % SERVICE_COLOURS.length] ?? '#888888';
}
