import { Json } from './object';

export type JsonObject = { [key: string]: Json };

/** Builds a JSON object from fields that may be undefined, dropping the undefined ones. */
export function compact(fields: { [key: string]: Json | undefined }): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out;
}
