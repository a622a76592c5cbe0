// Slice names: the controller creates slices with
// `generateName: <service-name>-` (getEndpointSlicePrefix) and the API server
// appends 5 random characters (apiserver names.SimpleNameGenerator:
// base truncated to 58 chars, then utilrand.String(5) over the alphabet
// "bcdfghjklmnpqrstvwxz2456789", which has no vowels and no confusable
// digits). svcviz draws the characters from the seeded RNG so names are
// reproducible.

import type { Rng } from '../rng';

export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const RANDOM_LENGTH = 5;
const MAX_NAME_LENGTH = 63;
const MAX_GENERATED_BASE = MAX_NAME_LENGTH - RANDOM_LENGTH;

/** `<service-name>-` (the prefix is always a valid DNS subdomain prefix for a valid Service name). */
export function sliceGenerateName(serviceName: string): string {
  return `${serviceName}-`;
}

/** Name the API server would generate for `generateName`, avoiding names already taken. */
export function generateName(base: string, rng: Rng, isTaken: (name: string) => boolean = () => false): string {
  const prefix = base.length > MAX_GENERATED_BASE ? base.slice(0, MAX_GENERATED_BASE) : base;
  for (;;) {
    let suffix = '';
    for (let i = 0; i < RANDOM_LENGTH; i++) suffix += NAME_ALPHABET[rng.int(NAME_ALPHABET.length)];
    const name = prefix + suffix;
    // A clash makes the API server answer AlreadyExists; the controller
    // retries and gets a fresh name.
    if (!isTaken(name)) return name;
  }
}
