import { describe, expect, it } from 'vitest';
import type { Pod } from '../types';
import { servicesAffectedByPod } from './affected-services';
import { makePod, makeService } from './fixtures';

const services = [
  makeService('web', { selector: { app: 'web' } }),
  makeService('all-fe', { selector: { tier: 'fe' } }),
  makeService('api', { selector: { app: 'api' } }),
  makeService('manual', { selector: null }),
  makeService('web', { ns: 'other', selector: { app: 'web' } }),
];
const names = (xs: { metadata: { namespace?: string; name?: string } }[]) => xs.map((s) => `${s.metadata.namespace}/${s.metadata.name}`);
const pod = (o: Parameters<typeof makePod>[1] = {}): Pod => makePod('p', { ip: '10.0.0.1', labels: { app: 'web', tier: 'fe' }, ...o });

describe('servicesAffectedByPod', () => {
  const cases: { name: string; old?: Pod; next?: Pod; want: string[] }[] = [
    { name: 'pod added', next: pod(), want: ['default/web', 'default/all-fe'] },
    { name: 'pod deleted', old: pod(), want: ['default/web', 'default/all-fe'] },
    { name: 'nothing relevant changed', old: pod(), next: pod(), want: [] },
    { name: 'readiness changed', old: pod(), next: pod({ ready: false }), want: ['default/web', 'default/all-fe'] },
    { name: 'started terminating', old: pod(), next: pod({ deleting: true }), want: ['default/web', 'default/all-fe'] },
    { name: 'IP changed', old: pod(), next: pod({ ip: '10.0.0.2' }), want: ['default/web', 'default/all-fe'] },
    {
      name: 'labels changed only: services gained or lost',
      old: pod(),
      next: pod({ labels: { app: 'api', tier: 'fe' } }),
      want: ['default/api', 'default/web'],
    },
    {
      name: 'labels and readiness changed: old and new services',
      old: pod(),
      next: pod({ labels: { app: 'api', tier: 'fe' }, ready: false }),
      want: ['default/all-fe', 'default/api', 'default/web'],
    },
  ];
  it.each(cases)('$name', ({ old, next, want }) => {
    expect(names(servicesAffectedByPod(services, old, next)).sort()).toEqual([...want].sort());
  });
});
