/**
 * Values that are equal although written differently: `0.5` and `500m` CPU, `1024Mi` and `1Gi`. Used by the
 * cheap comparison so that such objects need no server round trip.
 */
import { quantityValue } from '../../validate/quantity';

export interface Equivalence {
  readonly name: string;
  /** Whether the rule applies at this field path (field names only, list positions left out). */
  readonly at: (fields: readonly string[]) => boolean;
  readonly equal: (desired: unknown, live: unknown) => boolean;
}

const QUANTITY_PARENTS = new Set(['limits', 'requests', 'hard', 'capacity', 'default', 'defaultRequest', 'max', 'min']);

export const EQUIVALENCES: readonly Equivalence[] = [
  {
    name: 'quantity',
    at: (fields) => fields.length >= 2 && QUANTITY_PARENTS.has(fields[fields.length - 2]),
    equal: (a, b) => {
      const x = quantityValue(a);
      return x !== undefined && x === quantityValue(b);
    },
  },
];
