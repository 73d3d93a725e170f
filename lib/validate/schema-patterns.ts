/**
 * String patterns the generated schemas use (scripts/gen-schemas.ts writes them in) and what to say when a value
 * does not match. `byte` holds Secret data, so its message never shows the value.
 */
export interface SchemaPattern {
  readonly pattern: string;
  readonly message: (value: string) => string;
}

const B64 = '[A-Za-z0-9+/]';
const BREAKS = '[\\r\\n]*'; // Go's base64 decoder (what the API server uses) skips line breaks
const b64 = (chars: string[]): string => chars.map((c) => `${c}${BREAKS}`).join('');
const DECIMAL = '(?:\\d+(?:\\.\\d*)?|\\.\\d+)';

export const SCHEMA_PATTERNS = {
  byte: {
    pattern: `^${BREAKS}(?:${b64([B64, B64, B64, B64])})*(?:${b64([B64, B64, '=', '='])}|${b64([B64, B64, B64, '='])})?$`,
    message: () => 'must be base64-encoded (plain text belongs in stringData)',
  },
  // What the API server's Quantity parser accepts: a signed decimal, then a binary SI suffix, a decimal SI
  // suffix (n and u too, though the spec's description lists only m to E) or an integer exponent.
  quantity: {
    pattern: `^[+-]?${DECIMAL}(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\\d+)?$`,
    message: (v: string) => `${JSON.stringify(v)} is not a quantity: write e.g. 250m, 0.5, 2, 128Mi, 1Gi or 1e3`,
  },
} satisfies Record<string, SchemaPattern>;

/** The message for a value that does not match `pattern`. */
export function patternMessage(pattern: string, value: unknown): string {
  const known = Object.values(SCHEMA_PATTERNS).find((p) => p.pattern === pattern);
  return known ? known.message(String(value)) : `must match ${pattern}`;
}
