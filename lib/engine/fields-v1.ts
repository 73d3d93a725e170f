/**
 * Server-side apply's record of owned fields (managedFields[].fieldsV1): a tree whose keys name a map field
 * (`f:spec`), a list item by its key fields (`k:{"name":"api"}`), by value (`v:"x"`) or by index (`i:0`), and `.`
 * for the node itself.
 */
import { Json } from '../model/object';

export type FieldsV1 = { [key: string]: FieldsV1 };

export type FieldKey =
  | { readonly type: 'field'; readonly name: string }
  | { readonly type: 'key'; readonly key: { readonly [field: string]: Json } }
  | { readonly type: 'value'; readonly value: Json }
  | { readonly type: 'index'; readonly index: number }
  | { readonly type: 'self' };

export function decodeFieldKey(key: string): FieldKey {
  const rest = key.slice(2);
  switch (key.slice(0, 2)) {
    case 'f:': return { type: 'field', name: rest };
    case 'k:': return { type: 'key', key: JSON.parse(rest) as { [field: string]: Json } };
    case 'v:': return { type: 'value', value: JSON.parse(rest) as Json };
    case 'i:': return { type: 'index', index: Number(rest) };
    default: return { type: 'self' };
  }
}
