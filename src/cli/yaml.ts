// Objects printed as kubectl prints them: YAML, one document per object,
// separated by `---`.

import { dump } from 'js-yaml';

export function toYamlDocuments(objects: readonly unknown[]): string {
  return objects.map((o) => dump(o, { noRefs: true, skipInvalid: true, lineWidth: -1 })).join('---\n');
}
