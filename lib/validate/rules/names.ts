import { idOf } from '../../model/object';
import { Diagnostic, diagnostic } from '../diagnostic';
import { RuleContext, asMap, containersOf, podSpecOf } from './context';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Kinds whose names must be a DNS-1123 label (63 chars) or, for Services, a DNS-1035 label. */
const LABEL_NAMED_KINDS = new Set(['Namespace']);

export function dnsSubdomainProblem(name: string): string | undefined {
  if (name.length > 253) return `"${name}" is longer than 253 characters`;
  if (!DNS_SUBDOMAIN.test(name)) return `"${name}" is not a valid DNS-1123 subdomain (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit)`;
  return undefined;
}

export function dnsLabelProblem(name: string, mustStartWithLetter = false): string | undefined {
  if (name.length > 63) return `"${name}" is longer than 63 characters`;
  const re = mustStartWithLetter ? DNS_1035_LABEL : DNS_LABEL;
  if (!re.test(name)) {
    return `"${name}" is not a valid DNS label (lower-case letters, digits and '-', starting with a ${mustStartWithLetter ? 'letter' : 'letter or digit'} and ending with a letter or digit)`;
  }
  return undefined;
}

export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return `label key "${key}" has an invalid prefix`;
  if (name.length > 63 || !LABEL_NAME.test(name)) return `label key "${key}" is invalid (name part: at most 63 letters, digits, '-', '_', '.', starting and ending alphanumeric)`;
  return undefined;
}

export function labelValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `label value must be a string, got ${JSON.stringify(value)}`;
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    return `label value "${value}" is invalid (at most 63 letters, digits, '-', '_', '.', starting and ending alphanumeric)`;
  }
  return undefined;
}

/** Invalid object names, namespaces, label keys and values, container names. */
export function namesRule(ctx: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const obj of ctx.objects) {
    const { kind, name, namespace } = idOf(obj.manifest);
    const nameProblem = kind === 'Service' ? dnsLabelProblem(name, true)
      : LABEL_NAMED_KINDS.has(kind) ? dnsLabelProblem(name) : dnsSubdomainProblem(name);
    if (nameProblem) out.push(diagnostic('error', obj, 'metadata.name', 'invalid-name', nameProblem));
    if (namespace !== undefined) {
      const p = dnsLabelProblem(namespace);
      if (p) out.push(diagnostic('error', obj, 'metadata.namespace', 'invalid-name', p));
    }
    const checkLabels = (labels: unknown, path: string) => {
      for (const [k, v] of Object.entries(asMap(labels) ?? {})) {
        const p = labelKeyProblem(k) ?? labelValueProblem(v);
        if (p) out.push(diagnostic('error', obj, `${path}["${k}"]`, 'invalid-label', p));
      }
    };
    checkLabels(obj.manifest.metadata.labels, 'metadata.labels');
    const pod = podSpecOf(obj);
    if (pod) {
      const templatePath = pod.path.replace(/\.spec$/, '');
      checkLabels(pod.labels, `${templatePath}.metadata.labels`);
      for (const { container, path } of containersOf(pod)) {
        if (typeof container.name === 'string') {
          const p = dnsLabelProblem(container.name);
          if (p) out.push(diagnostic('error', obj, `${path}.name`, 'invalid-name', `container name ${p}`));
        }
      }
    }
    const selector = asMap(asMap(asMap(obj.manifest.spec)?.selector)?.matchLabels);
    if (selector) checkLabels(selector, 'spec.selector.matchLabels');
  }
  return out;
}
