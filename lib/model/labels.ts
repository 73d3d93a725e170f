/** Labels berth puts on everything it emits; the engine selects and prunes by them. */
export const MANAGED_BY = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'berth';
/** Label selector of everything berth emits. */
export const MANAGED_BY_SELECTOR = `${MANAGED_BY}=${MANAGED_BY_VALUE}`;
export const APP_NAME = 'app.kubernetes.io/name';
export const PART_OF = 'app.kubernetes.io/part-of';
/** Selector label berth adds to pods of a workload so Services and policies can find them. */
export const COMPONENT = 'app.kubernetes.io/component';
