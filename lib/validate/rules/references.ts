import { BerthObject, Json, groupOf, idKey } from '../../model/object';
import { Diagnostic, diagnostic } from '../diagnostic';
import { JsonMap, RuleContext, asList, asMap, containersOf, labelsMatch, podSpecOf } from './context';

interface Target {
  readonly kind: string;
  readonly name: string;
  readonly group?: string;
}

/**
 * References that point nowhere: env and volumes to Secrets/ConfigMaps (and their keys), PVCs, service
 * accounts, image pull secrets; Ingress to Services and ports and TLS secrets; HPA and PDB to their targets;
 * Service selectors that match no workload. Objects declared external (`Secret.fromName`) count as present.
 */
export function referencesRule(ctx: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const obj of ctx.objects) {
    const check = new Checker(ctx, obj, out);
    const pod = podSpecOf(obj);
    if (pod) check.podSpec(pod.spec, pod.path);
    const spec = asMap(obj.manifest.spec) ?? {};
    switch (obj.manifest.kind) {
      case 'Ingress': check.ingress(spec); break;
      case 'HorizontalPodAutoscaler': check.scaleTarget(spec); break;
      case 'PodDisruptionBudget': check.selectsWorkload(asMap(asMap(spec.selector)?.matchLabels), 'spec.selector.matchLabels'); break;
      case 'Service': check.selectsWorkload(asMap(spec.selector), 'spec.selector'); break;
    }
  }
  return out;
}

const GROUP_OF: Record<string, string> = {
  Secret: '', ConfigMap: '', PersistentVolumeClaim: '', ServiceAccount: '', Service: '',
  Deployment: 'apps', StatefulSet: 'apps', ReplicaSet: 'apps', DaemonSet: 'apps',
};

class Checker {
  constructor(private readonly ctx: RuleContext, private readonly obj: BerthObject, private readonly out: Diagnostic[]) {}

  private get namespace(): string | undefined {
    return this.obj.manifest.metadata.namespace;
  }

  private find(t: Target): BerthObject | undefined {
    const group = t.group ?? GROUP_OF[t.kind] ?? '';
    return this.ctx.byKey.get(idKey({ group, kind: t.kind, namespace: this.namespace, name: t.name }));
  }

  private isExternal(t: Target): boolean {
    const group = t.group ?? GROUP_OF[t.kind] ?? '';
    return this.ctx.externals.has(idKey({ group, kind: t.kind, namespace: this.namespace, name: t.name }));
  }

  private error(field: string, rule: string, message: string): void {
    this.out.push(diagnostic('error', this.obj, field, rule, message));
  }

  /** Reports a missing object (unless optional or external); returns the object when berth manages it. */
  private expect(t: Target, field: string, optional = false): BerthObject | undefined {
    const found = this.find(t);
    if (!found && !optional && !this.isExternal(t)) {
      const declare = t.kind === 'Secret' || t.kind === 'ConfigMap' ? `${t.kind}.fromName()` : `application.external('${t.kind}', '${t.name}')`;
      this.error(field, 'dangling-reference', `${t.kind} "${t.name}" does not exist in namespace ${this.namespace ?? '(none)'}; define it, or declare it managed elsewhere with ${declare}`);
    }
    return found;
  }

  private expectKey(t: Target, key: string, field: string, optional: boolean): void {
    const found = this.expect(t, field, optional);
    if (!found || optional) return;
    const keys = dataKeys(found);
    if (!keys.has(key)) {
      this.error(field, 'dangling-reference', `${t.kind} "${t.name}" has no key "${key}" (keys: ${[...keys].sort().join(', ') || 'none'})`);
    }
  }

  podSpec(spec: JsonMap, path: string): void {
    const volumes = asList(spec.volumes);
    volumes.forEach((v, i) => {
      const vol = asMap(v) ?? {};
      const at = `${path}.volumes[${i}]`;
      const cm = asMap(vol.configMap);
      const secret = asMap(vol.secret);
      const pvc = asMap(vol.persistentVolumeClaim);
      if (cm) this.volumeSource({ kind: 'ConfigMap', name: String(cm.name) }, cm, `${at}.configMap`);
      if (secret) this.volumeSource({ kind: 'Secret', name: String(secret.secretName) }, secret, `${at}.secret`);
      if (pvc) this.expect({ kind: 'PersistentVolumeClaim', name: String(pvc.claimName) }, `${at}.persistentVolumeClaim.claimName`);
    });
    if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== 'default') {
      this.expect({ kind: 'ServiceAccount', name: spec.serviceAccountName }, `${path}.serviceAccountName`);
    }
    asList(spec.imagePullSecrets).forEach((s, i) => {
      const name = asMap(s)?.name;
      if (typeof name === 'string') this.expect({ kind: 'Secret', name }, `${path}.imagePullSecrets[${i}].name`);
    });
    const pod = { spec, path, labels: {}, pods: 1 };
    for (const { container, path: cpath } of containersOf(pod)) {
      asList(container.env).forEach((e, i) => {
        const from = asMap(asMap(e)?.valueFrom);
        const at = `${cpath}.env[${i}].valueFrom`;
        const secretRef = asMap(from?.secretKeyRef);
        const cmRef = asMap(from?.configMapKeyRef);
        if (secretRef) this.expectKey({ kind: 'Secret', name: String(secretRef.name) }, String(secretRef.key), `${at}.secretKeyRef`, secretRef.optional === true);
        if (cmRef) this.expectKey({ kind: 'ConfigMap', name: String(cmRef.name) }, String(cmRef.key), `${at}.configMapKeyRef`, cmRef.optional === true);
      });
      asList(container.envFrom).forEach((e, i) => {
        const src = asMap(e) ?? {};
        const at = `${cpath}.envFrom[${i}]`;
        const s = asMap(src.secretRef);
        const c = asMap(src.configMapRef);
        if (s) this.expect({ kind: 'Secret', name: String(s.name) }, `${at}.secretRef`, s.optional === true);
        if (c) this.expect({ kind: 'ConfigMap', name: String(c.name) }, `${at}.configMapRef`, c.optional === true);
      });
      const volumeNames = new Set(volumes.map((v) => asMap(v)?.name));
      asList(container.volumeMounts).forEach((m, i) => {
        const name = asMap(m)?.name;
        const claimTemplates = asList(asMap(this.obj.manifest.spec)?.volumeClaimTemplates).map((t) => asMap(asMap(t)?.metadata)?.name);
        if (!volumeNames.has(name) && !claimTemplates.includes(name)) {
          this.error(`${cpath}.volumeMounts[${i}].name`, 'dangling-reference', `no volume named "${String(name)}" in the pod`);
        }
      });
    }
  }

  private volumeSource(t: Target, src: JsonMap, at: string): void {
    const optional = src.optional === true;
    const items = asList(src.items);
    if (!items.length) {
      this.expect(t, at, optional);
      return;
    }
    items.forEach((item, i) => this.expectKey(t, String(asMap(item)?.key), `${at}.items[${i}].key`, optional));
  }

  ingress(spec: JsonMap): void {
    const backends: [JsonMap | undefined, string][] = [[asMap(asMap(spec.defaultBackend)?.service), 'spec.defaultBackend.service']];
    asList(spec.rules).forEach((r, i) => {
      asList(asMap(asMap(r)?.http)?.paths).forEach((p, j) => {
        backends.push([asMap(asMap(asMap(p)?.backend)?.service), `spec.rules[${i}].http.paths[${j}].backend.service`]);
      });
    });
    for (const [backend, at] of backends) {
      if (!backend) continue;
      const service = this.expect({ kind: 'Service', name: String(backend.name) }, `${at}.name`);
      if (!service) continue;
      const port = asMap(backend.port) ?? {};
      const ports = asList(asMap(service.manifest.spec)?.ports).map((p) => asMap(p) ?? {});
      const matches = port.number !== undefined ? ports.some((p) => p.port === port.number) : ports.some((p) => p.name === port.name);
      if (!matches) {
        const wanted = port.number !== undefined ? String(port.number) : `"${String(port.name)}"`;
        const has = ports.map((p) => (p.name ? `${String(p.port)} (${String(p.name)})` : String(p.port))).join(', ');
        this.error(`${at}.port`, 'dangling-reference', `Service "${String(backend.name)}" has no port ${wanted} (ports: ${has || 'none'})`);
      }
    }
    asList(spec.tls).forEach((t, i) => {
      const secretName = asMap(t)?.secretName;
      if (typeof secretName === 'string') this.expect({ kind: 'Secret', name: secretName }, `spec.tls[${i}].secretName`);
    });
  }

  scaleTarget(spec: JsonMap): void {
    const ref = asMap(spec.scaleTargetRef);
    if (!ref) return;
    this.expect({ kind: String(ref.kind), name: String(ref.name), group: groupOf(String(ref.apiVersion ?? '')) }, 'spec.scaleTargetRef');
  }

  selectsWorkload(selector: JsonMap | undefined, field: string): void {
    if (!selector || !Object.keys(selector).length) return;
    const wanted = selector as Record<string, string>;
    const namespace = this.namespace;
    const matched = (this.ctx.podsByNamespace.get(namespace) ?? []).some((pod) => labelsMatch(wanted, pod.labels));
    if (!matched) {
      const sel = Object.entries(wanted).map(([k, v]) => `${k}=${v}`).join(',');
      this.out.push(diagnostic('error', this.obj, field, 'selector-matches-nothing', `selector ${sel} matches no workload's pods in namespace ${namespace ?? '(none)'}`));
    }
  }
}

function dataKeys(obj: BerthObject): Set<string> {
  const m = obj.manifest as unknown as { data?: Json; binaryData?: Json; stringData?: Json };
  return new Set([m.data, m.binaryData, m.stringData].flatMap((d) => Object.keys(asMap(d) ?? {})));
}
