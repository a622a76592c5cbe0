import { describe, expect, it } from 'vitest';
import {
  duplicate,
  forbidden,
  invalid,
  notSupported,
  qualifiedKindOf,
  renderFieldError,
  renderInvalidMessage,
  required,
  tooLong,
  tooMany,
} from './field-error';
import type { FieldError } from './field-error';
import { goQuote, goStringMap, goStringSlice } from './go-format';

describe('renderFieldError renders like Go field.Error.Error()', () => {
  const cases: [string, FieldError, string][] = [
    ['Required without detail', required('spec.ports'), 'spec.ports: Required value'],
    [
      'Required with detail',
      required('metadata.name', 'name or generateName is required'),
      'metadata.name: Required value: name or generateName is required',
    ],
    [
      'Forbidden never prints the value',
      forbidden('spec.clusterIPs', 'may not be set for ExternalName services'),
      'spec.clusterIPs: Forbidden: may not be set for ExternalName services',
    ],
    [
      'numbers print plainly',
      invalid('spec.ports[0].port', 0, 'must be between 1 and 65535, inclusive'),
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    ],
    ['strings print %q', invalid('metadata.name', 'Foo', 'x'), 'metadata.name: Invalid value: "Foo": x'],
    ['bools print plainly', invalid('f', true, 'd'), 'f: Invalid value: true: d'],
    ['nil prints as the quoted string "null"', invalid('spec.loadBalancerClass', null, 'may not change once set'), 'spec.loadBalancerClass: Invalid value: "null": may not change once set'],
    [
      '[]string prints in %#v form',
      invalid('spec.clusterIPs', goStringSlice(['10.0.0.1', 'None']), "'None' must be the first and only value"),
      `spec.clusterIPs: Invalid value: []string{"10.0.0.1", "None"}: 'None' must be the first and only value`,
    ],
    [
      'Unsupported lists supported values quoted, in the given (sets.List: sorted) order',
      notSupported('spec.type', 'Foo', ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']),
      'spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ],
    ['Duplicate prints the value', duplicate('spec.ports[1].name', 'http'), 'spec.ports[1].name: Duplicate value: "http"'],
    ['Too long omits the value', tooLong('metadata.annotations', '', 262144), 'metadata.annotations: Too long: must have at most 262144 bytes'],
    ['Too many prints the count', tooMany('endpoints', 1001, 1000), 'endpoints: Too many: 1001: must have at most 1000 items'],
  ];
  it.each(cases)('%s', (_name, e, want) => expect(renderFieldError(e)).toBe(want));
});

describe('Go formatting', () => {
  it.each([
    ['plain', '"plain"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['tab\there\n', '"tab\\there\\n"'],
    ['\x01', '"\\x01"'],
    ['héllo', '"héllo"'],
  ])('goQuote(%j) = %s', (input, want) => expect(goQuote(input)).toBe(want));

  it('map[string]string sorts keys and uses no space after the colon', () => {
    expect(goStringMap({ tier: 'web', app: 'x' }).goRepr).toBe('map[string]string{"app":"x", "tier":"web"}');
    expect(goStringMap(undefined).goRepr).toBe('map[string]string(nil)');
    expect(goStringSlice(undefined).goRepr).toBe('[]string(nil)');
  });
});

describe('renderInvalidMessage (the 422 text)', () => {
  it('one error: no brackets', () => {
    expect(renderInvalidMessage('Service', 'web', [required('spec.ports')])).toBe('Service "web" is invalid: spec.ports: Required value');
  });
  it('several errors: bracketed, comma-separated, duplicates dropped', () => {
    const e = required('spec.ports');
    expect(renderInvalidMessage('Deployment.apps', 'web', [e, e, required('spec.selector')])).toBe(
      'Deployment.apps "web" is invalid: [spec.ports: Required value, spec.selector: Required value]',
    );
  });
  it.each([
    ['Service', 'v1', 'Service'],
    ['Deployment', 'apps/v1', 'Deployment.apps'],
    ['EndpointSlice', 'discovery.k8s.io/v1', 'EndpointSlice.discovery.k8s.io'],
  ])('qualifiedKindOf(%s, %s) = %s', (kind, v, want) => expect(qualifiedKindOf(kind, v)).toBe(want));
});
