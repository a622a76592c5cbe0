import { describe, expect, it } from 'vitest';
import { translateEmbed } from './i18n';

describe('share/embed/export words', () => {
  it.each([
    ['en', 'copyLink', undefined, 'Copy link'],
    ['vi', 'copyLink', undefined, 'Sao chép liên kết'],
    ['en', 'tooLargeForLink', { size: 40000, limit: 32000 }, 'Too large for a link (40000 > 32000 characters compressed). Host the manifest and share ?src=<its URL> instead.'],
    ['vi', 'failed', { what: 'PNG', reason: 'x' }, 'PNG thất bại: x'],
    ['en', 'done', {}, '{what}: done'], // a missing slot stays visible
  ] as const)('%s %s', (lang, key, vars, expected) => {
    expect(translateEmbed(lang, key, vars)).toBe(expected);
  });
});
