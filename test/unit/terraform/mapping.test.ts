/** The mapping rules users rely on, checked on the written JSON (provider names from the provider's docs). */
import * as fs from 'fs';
import * as path from 'path';
import { Manifest } from '../../../lib/model/object';
import { buildTerraform } from '../../../lib/synth/terraform/model';
import { SECRETS_FILE, writeTerraform } from '../../../lib/synth/terraform/tf-json';
import { object, referenceObjects } from './objects';
import { readTerraformDir, tempDir } from './helpers';

function written(objects = referenceObjects()) {
  const dir = tempDir();
  const warnings: string[] = [];
  const files = writeTerraform(objects, dir, { warn: (w) => warnings.push(w) });
  return { dir, files, warnings, ...readTerraformDir(dir) };
}

const deployment = (spec: Record<string, unknown>): Manifest => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'shop' }, spec,
} as unknown as Manifest);

describe('provider block structure', () => {
  const { resources } = written();
  const api = resources.kubernetes_deployment_v1.shop_api as any;
  const container = api.spec.template.spec.container[0];

  it('uses snake_case names and singular names for repeated blocks', () => {
    expect(Object.keys(api.spec.template.spec)).toEqual(expect.arrayContaining(['container', 'volume', 'image_pull_secrets', 'service_account_name']));
    expect(container.env_from).toHaveLength(2);
    expect(container.volume_mount[0].mount_path).toBe('/data');
  });

  it('writes numbers the provider types as strings as strings, and keeps the others numbers', () => {
    expect(api.spec.replicas).toBe('2');
    const ingress = resources.kubernetes_ingress_v1.shop_web as any;
    expect(ingress.spec.rule[0].http.path[0].backend.service.port.number).toBe(80);
    expect((resources.kubernetes_service_v1.shop_api as any).spec.port[0]).toEqual({ name: 'http', port: 80, target_port: 'http' });
  });

  it('keeps maps as maps and writes single blocks as objects', () => {
    expect(api.spec.selector).toEqual({ match_labels: { 'app.kubernetes.io/name': 'api' } });
    expect(resources.kubernetes_persistent_volume_claim_v1.shop_data.spec).toMatchObject({ resources: { requests: { storage: '1Gi' } } });
  });

  it('writes an empty block where the provider requires one that Kubernetes does not', () => {
    expect((resources.kubernetes_cron_job_v1.shop_report as any).spec.job_template.metadata).toEqual({});
  });
});

describe('references and ordering', () => {
  const { resources } = written();
  const api = resources.kubernetes_deployment_v1.shop_api as any;
  const env = api.spec.template.spec.container[0].env;

  it('turns names of emitted objects into references to their resources', () => {
    expect(api.metadata.namespace).toBe('${kubernetes_namespace_v1.shop.metadata[0].name}');
    expect(env[0].value_from.secret_key_ref.name).toBe('${kubernetes_secret_v1.shop_db.metadata[0].name}');
    expect(env[1].value_from.config_map_key_ref.name).toBe('${kubernetes_config_map_v1.shop_config.metadata[0].name}');
    expect(api.spec.template.spec.volume[0].persistent_volume_claim.claim_name).toBe('${kubernetes_persistent_volume_claim_v1.shop_data.metadata[0].name}');
    expect(api.spec.template.spec.service_account_name).toBe('${kubernetes_service_account_v1.shop_api.metadata[0].name}');
    const ingress = resources.kubernetes_ingress_v1.shop_web as any;
    expect(ingress.spec.rule[0].http.path[0].backend.service.name).toBe('${kubernetes_service_v1.shop_api.metadata[0].name}');
    expect(ingress.spec.tls[0].secret_name).toBe('${kubernetes_secret_v1.shop_db.metadata[0].name}');
    const hpa = resources.kubernetes_horizontal_pod_autoscaler_v2.shop_api as any;
    expect(hpa.spec.scale_target_ref.name).toBe('${kubernetes_deployment_v1.shop_api.metadata[0].name}');
    expect((resources.kubernetes_stateful_set_v1.shop_db as any).spec.service_name).toBe('${kubernetes_service_v1.shop_api.metadata[0].name}');
    expect((resources.kubernetes_manifest.widget_shop_api as any).manifest.metadata.namespace).toBe('${kubernetes_namespace_v1.shop.metadata[0].name}');
  });

  it('leaves names of objects berth does not emit as text', () => {
    expect(env[3].value_from.secret_key_ref.name).toBe('not-emitted');
  });

  it('writes explicit dependencies as depends_on', () => {
    expect(api.depends_on).toEqual(['kubernetes_namespace_v1.shop', 'kubernetes_secret_v1.shop_db']);
    expect((resources.kubernetes_job_v1.shop_migrate as any).depends_on).toEqual(['kubernetes_stateful_set_v1.shop_db']);
  });

  it('rejects a dependency on an object that is not synthesized, naming the object', () => {
    const o = object(deployment({}), [{ group: '', kind: 'Secret', namespace: 'shop', name: 'gone' }]);
    expect(() => buildTerraform([o])).toThrow(/Deployment\/shop\/api \(shop\/api\).*depends on \/Secret\/shop\/gone/);
  });
});

describe('text that looks like a Terraform template', () => {
  const { resources } = written();
  it('is escaped so Terraform reads it literally', () => {
    const cm = resources.kubernetes_config_map_v1.shop_config as any;
    expect(cm.metadata.annotations.note).toBe('literal $${var.x} and %%{ y }');
    const env = (resources.kubernetes_deployment_v1.shop_api as any).spec.template.spec.container[0].env;
    expect(env[2].value).toBe('hello $${USER} %%{if x}');
    expect((resources.kubernetes_manifest.widget_shop_api as any).manifest.spec.text).toBe('$${keep}');
  });
});

describe('secrets', () => {
  const { dir, files, resources, variables, values } = written();
  const secret = resources.kubernetes_secret_v1.shop_db as any;

  it('are write-only attributes read from sensitive, ephemeral variables', () => {
    expect(secret.binary_data_wo).toBe('${var.berth_secret_shop_db}');
    expect(secret.data_wo).toBe('${var.berth_secret_shop_db_string}');
    expect(secret.binary_data_wo_revision).toBe('${var.berth_secrets_revision}');
    expect(secret).not.toHaveProperty('data');
    expect(variables.berth_secret_shop_db).toMatchObject({ sensitive: true, ephemeral: true, type: 'map(string)' });
    expect(values.berth_secret_shop_db).toEqual({ password: 'czNjcjN0' });
  });

  it('never appear in the configuration files, and their values file is private', () => {
    for (const f of files.filter((p) => !p.endsWith(SECRETS_FILE))) {
      const text = fs.readFileSync(f, 'utf8');
      expect(text).not.toContain('czNjcjN0');
      expect(text).not.toContain('e30=');
    }
    expect(fs.statSync(path.join(dir, SECRETS_FILE)).mode & 0o777).toBe(0o600);
  });
});

describe('custom resources', () => {
  it('become kubernetes_manifest with a warning that names the object', () => {
    const { warnings, resources } = written();
    expect(Object.keys(resources.kubernetes_manifest)).toEqual(['widget_shop_api']);
    expect(warnings).toEqual([expect.stringMatching(/^warning: Widget\/shop\/api \(shop\/api\): .*kubernetes_manifest.*cluster.*plan time/)]);
  });

  it('and so do built-in kinds in API versions without a typed resource', () => {
    const hpa = { apiVersion: 'autoscaling/v2beta2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'api', namespace: 'shop' }, spec: {} };
    expect(buildTerraform([object(hpa as unknown as Manifest)]).resources[0].type).toBe('kubernetes_manifest');
  });
});

describe('errors', () => {
  it('name the object, its construct and the field the provider cannot express', () => {
    const o = object(deployment({ template: { spec: { containers: [{ name: 'a', image: 'b', resizePolicy: [] }] } } }));
    expect(() => buildTerraform([o])).toThrow(
      'error: Deployment/shop/api (shop/api) spec.template.spec.containers[0].resizePolicy: field is not supported by the provider\'s typed resource (hashicorp/kubernetes 2.38) [terraform]');
  });

  it('report a wrong type with its field path', () => {
    const o = object(deployment({ replicas: 'three' }));
    expect(() => buildTerraform([o])).toThrow(/spec\.replicas: expected a number/);
  });

  it('report two objects that would get the same Terraform address', () => {
    const a = object({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a.b', namespace: 'shop' } });
    const b = object({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a_b', namespace: 'shop' } });
    expect(() => buildTerraform([a, b])).toThrow(/kubernetes_config_map_v1\.shop_a_b is also used by ConfigMap\/shop\/a\.b/);
  });
});

describe('output files', () => {
  it('are byte-stable, whatever the order of the objects', () => {
    const objects = referenceObjects();
    const first = written(objects);
    const second = written([...objects].reverse());
    for (const f of first.files) {
      expect(fs.readFileSync(path.join(second.dir, path.basename(f)), 'utf8')).toBe(fs.readFileSync(f, 'utf8'));
    }
  });

  it('are one per app plus the provider and the secret values', () => {
    const { files } = written();
    expect(files.map((f) => path.basename(f)).sort()).toEqual([SECRETS_FILE, 'provider.tf.json', 'shop.tf.json']);
  });

  it('replace what berth wrote before, and leave other files alone', () => {
    const dir = tempDir();
    writeTerraform(referenceObjects(), dir, { warn: () => undefined });
    fs.writeFileSync(path.join(dir, 'mine.tf.json'), '{}');
    const other = referenceObjects().filter((o) => o.manifest.kind === 'Namespace').map((o) => ({ ...o, app: 'other' }));
    writeTerraform(other, dir);
    expect(fs.readdirSync(dir).sort()).toEqual(['mine.tf.json', 'other.tf.json', 'provider.tf.json']);
  });
});
