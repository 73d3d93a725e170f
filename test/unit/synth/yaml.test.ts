import { parse, parseAllDocuments } from 'yaml';
import { toYaml, toYamlStream } from '../../../lib/synth/yaml';

/** Strings that a careless emitter would let a YAML 1.1/1.2 reader turn into something else. */
const TRICKY = [
  '', 'yes', 'No', 'ON', 'off', 'y', 'n', 'true', 'False', 'null', '~', 'NULL', '123', '-1', '+1', '0x1F', '0o17', '017',
  '1e3', '1.5', '.5', '.inf', '-.Inf', '.NaN', '1:20', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '1_000',
  '- item', '? q', ': x', 'a: b', 'a #c', '#c', '&anchor', '*alias', '!tag', '|', '>', '%x', '@x', '`x', '"q"', "'q'",
  '{a}', '[a]', 'a,b', 'trailing ', ' leading', 'colon:', 'tab\there', 'new\nline', 'crlf\r\n', 'uni ✓', '\u0007bell',
  '---', '...', '<<', '=', 'a: ', 'x\n', '\n', 'two\n\n', ' lead\nx', 'nginx:1.27', '500m', '128Mi', '0 3 * * *',
  'http://example.com/a?b=c#d', 'C:\\path',
];

describe('YAML emitter', () => {
  test.each(TRICKY.map((s) => [JSON.stringify(s), s]))('string %s survives a round trip as a value and a key', (_, s) => {
    const doc = { value: s, list: [s], nested: { [s || 'empty']: s } };
    expect(parse(toYaml(doc), { version: '1.2' })).toEqual(doc);
    expect(parse(toYaml(doc), { version: '1.1' })).toEqual(doc);
  });

  test('numbers, booleans, null, empty collections and nesting round-trip', () => {
    const doc = { a: 1, b: -2.5, c: true, d: false, e: null, f: {}, g: [], h: [[1, [2]], { x: [{}] }], i: 0 };
    expect(parse(toYaml(doc))).toEqual(doc);
  });

  test('apiVersion, kind, metadata come first; other keys sorted; no anchors for repeated objects', () => {
    const shared = { same: 'object' };
    const text = toYaml({ spec: { b: shared, a: shared }, metadata: { name: 'x' }, kind: 'K', apiVersion: 'v1', data: {} });
    expect(text.split('\n').filter((l) => !l.startsWith(' '))).toEqual(['apiVersion: v1', 'kind: K', 'metadata:', 'data: {}', 'spec:', '']);
    expect(text).not.toMatch(/[&*]\w/);
    expect(text.indexOf('  a:')).toBeLessThan(text.indexOf('  b:'));
  });

  test('multi-line text is a literal block that keeps its trailing newlines', () => {
    const text = toYaml({ script: '#!/bin/sh\necho hi\n' });
    expect(text).toBe('script: |\n  #!/bin/sh\n  echo hi\n');
  });

  test('streams separate documents with ---', () => {
    const text = toYamlStream([{ a: 1 }, { b: 2 }]);
    expect(text).toBe('a: 1\n---\nb: 2\n');
    expect(parseAllDocuments(text).map((d) => d.toJS())).toEqual([{ a: 1 }, { b: 2 }]);
  });

  test('non-finite numbers are refused', () => {
    expect(() => toYaml({ a: Infinity })).toThrow(/cannot write Infinity/);
  });
});
