/** Something whose pods can be selected by labels: a workload, or plain labels. */
export interface Selectable {
  readonly selectorLabels: Record<string, string>;
}

export type PodSelector = Selectable | Readonly<Record<string, string>>;

export function selectorLabelsOf(s: PodSelector): Record<string, string> {
  const labels = (s as Selectable).selectorLabels;
  return typeof labels === 'object' && labels !== null ? { ...labels } : { ...(s as Record<string, string>) };
}

/** The object a workload-level construct (HPA, PDB) points at. */
export interface ScaleTarget extends Selectable {
  readonly kind: string;
  readonly name: string;
}
