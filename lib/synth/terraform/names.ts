/** Stable Terraform names derived from object identity, so the same object keeps its address across runs. */
import { Manifest } from '../../model/object';

function identifier(text: string): string {
  const clean = text.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(clean) ? clean : `_${clean}`;
}

/** `shop_api` for Deployment shop/api; custom resources (all in kubernetes_manifest) also carry their kind. */
export function resourceName(manifest: Manifest, typed: boolean): string {
  const parts = [manifest.metadata.namespace, manifest.metadata.name].filter((p): p is string => !!p);
  if (!typed) parts.unshift(manifest.kind.toLowerCase());
  return identifier(parts.join('_'));
}

/** Variable holding a Secret's values: `berth_secret_shop_db` (data) or `..._string` (stringData). */
export function secretVariable(resource: string, field: 'data' | 'stringData'): string {
  return `berth_secret_${resource}${field === 'stringData' ? '_string' : ''}`;
}

export const REVISION_VARIABLE = 'berth_secrets_revision';

/** Output file of one app: `shop.tf.json`. */
export function appFileName(app: string): string {
  return `${(app || 'berth').replace(/[^A-Za-z0-9_.-]/g, '_')}.tf.json`;
}
