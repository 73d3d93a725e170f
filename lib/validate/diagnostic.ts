import { BerthObject, describeId, idOf } from '../model/object';

export type Severity = 'error' | 'warning';

/** One finding about one object: which object, which construct made it, which field, what is wrong. */
export interface Diagnostic {
  readonly severity: Severity;
  /** `Deployment/shop/api`, or empty for findings about the whole stack. */
  readonly object: string;
  /** Construct path (or file) that produced the object. */
  readonly source: string;
  /** Field path inside the manifest, e.g. `spec.template.spec.containers[0].image`; empty for the whole object. */
  readonly field: string;
  readonly message: string;
  /** Short machine-readable rule name, e.g. `schema`, `dangling-secret-ref`. */
  readonly rule: string;
}

export function diagnostic(
  severity: Severity, obj: BerthObject | undefined, field: string, rule: string, message: string,
): Diagnostic {
  return {
    severity,
    object: obj ? describeId(idOf(obj.manifest)) : '',
    source: obj ? obj.source : '',
    field,
    rule,
    message,
  };
}

/** `error: Deployment/shop/api (shop/api) spec.replicas: must be >= 0 [schema]` */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.object ? `${d.object} (${d.source})` : d.source;
  const field = d.field ? ` ${d.field}` : '';
  return `${d.severity}: ${where}${field}: ${d.message} [${d.rule}]`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
