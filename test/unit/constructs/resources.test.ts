import {
  ConfigMap, Deployment, Ingress, LimitRange, NetworkPolicy, Peer, PersistentVolumeClaim, ResourceQuota, Secret,
  Service, ServiceAccount,
} from 'berth';
import { find, newApp, objects } from '../helpers';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('Service', () => {
  test.each([
    ['ClusterIP', {}, { type: 'ClusterIP' }],
    ['NodePort', { type: 'NodePort' as const }, { type: 'NodePort' }],
    ['LoadBalancer', { type: 'LoadBalancer' as const, externalTrafficPolicy: 'Local' as const }, { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }],
    ['headless', { headless: true }, { type: 'ClusterIP', clusterIP: 'None' }],
  ])('%s', (_name, props, expected) => {
    const { app, shop } = newApp();
    new Service(shop, 's', { ...props, selector: { app: 'x' }, ports: [{ port: 53, protocol: 'UDP', name: 'dns' }] });
    expect(find(app, 'Service', 's').spec).toEqual({
      ...expected, selector: { app: 'x' }, ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }],
    });
  });

  test('nodePort needs NodePort or LoadBalancer; headless needs ClusterIP', () => {
    const { shop } = newApp();
    expect(() => new Service(shop, 'a', { ports: [{ port: 80, nodePort: 30080 }] })).toThrow(/shop\/a: port 80 sets nodePort/);
    expect(() => new Service(shop, 'b', { headless: true, type: 'NodePort', ports: [] })).toThrow(/headless Service must be of type ClusterIP/);
    const { app, shop: s2 } = newApp();
    new Service(s2, 'np', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] });
    expect(find(app, 'Service', 'np').spec).toMatchObject({ ports: [{ nodePort: 30080 }] });
  });
});

describe('Ingress', () => {
  test('rules grouped by host, named ports, several TLS entries', () => {
    const { app, shop } = newApp();
    const svc = new Service(shop, 'web', { ports: [{ port: 80, name: 'http' }] });
    const ing = new Ingress(shop, 'routes', { className: 'nginx' });
    ing.addRule({ host: 'a.example.com', path: '/', service: svc, port: 'http' });
    ing.addRule({ host: 'a.example.com', path: '/api', pathType: 'Exact', service: svc, port: 80 });
    ing.addRule({ host: 'b.example.com', service: svc, port: 80 });
    ing.addTls(['a.example.com'], Secret.fromName(shop, 'a-cert'));
    const spec = find(app, 'Ingress', 'routes').spec as any;
    expect(spec.rules.map((r: any) => [r.host, r.http.paths.length])).toEqual([['a.example.com', 2], ['b.example.com', 1]]);
    expect(spec.rules[0].http.paths[0].backend.service.port).toEqual({ name: 'http' });
    expect(spec.rules[0].http.paths[1]).toMatchObject({ path: '/api', pathType: 'Exact' });
    expect(spec.tls).toEqual([{ hosts: ['a.example.com'], secretName: 'a-cert' }]);
  });

  test('an Ingress without rules fails construct validation', () => {
    const { shop } = newApp();
    expect(new Ingress(shop, 'empty').node.validate()).toEqual(['Ingress empty has no rules']);
  });
});

describe('Secret', () => {
  const saved = { ...process.env };
  afterEach(() => { process.env = { ...saved }; });

  test('literals are base64 in data, keys sorted, Opaque by default', () => {
    const { app, shop } = newApp();
    new Secret(shop, 's', { stringData: { b: 'two', a: 'one' } });
    expect(find(app, 'Secret', 's')).toMatchObject({ type: 'Opaque', data: { a: b64('one'), b: b64('two') } });
    expect(Object.keys(find(app, 'Secret', 's').data as object)).toEqual(['a', 'b']);
  });

  test('fromEnv reads variables at synth time; a missing variable names itself, not a value', () => {
    const { app, shop } = newApp();
    process.env.BERTH_TEST_PW = 'hunter2';
    Secret.fromEnv(shop, 'db', { PASSWORD: 'BERTH_TEST_PW' });
    expect(find(app, 'Secret', 'db').data).toEqual({ PASSWORD: b64('hunter2') });
    delete process.env.BERTH_TEST_MISSING;
    expect(() => Secret.fromEnv(shop, 'x', { K: 'BERTH_TEST_MISSING' })).toThrow('shop/x: environment variable(s) BERTH_TEST_MISSING not set (Secret.fromEnv)');
  });

  test('docker registry and TLS secrets have their types and keys', () => {
    const { app, shop } = newApp();
    Secret.dockerRegistry(shop, 'pull', { server: 'registry.example.com', username: 'u', password: 'p' });
    Secret.tls(shop, 'cert', { certificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', privateKey: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n' });
    const pull = find(app, 'Secret', 'pull');
    expect(pull.type).toBe('kubernetes.io/dockerconfigjson');
    const config = JSON.parse(Buffer.from((pull.data as any)['.dockerconfigjson'], 'base64').toString());
    expect(config.auths['registry.example.com'].auth).toBe(b64('u:p'));
    const cert = find(app, 'Secret', 'cert');
    expect(cert.type).toBe('kubernetes.io/tls');
    expect(Object.keys(cert.data as object)).toEqual(['tls.crt', 'tls.key']);
    expect(() => Secret.tls(shop, 'bad', { certificate: 'nope', privateKey: 'nope' })).toThrow(/certificate is not PEM/);
  });

  test('fromName declares an external Secret and emits nothing', () => {
    const { app, shop } = newApp();
    const ref = Secret.fromName(shop, 'managed-elsewhere');
    expect(ref).toEqual({ kind: 'Secret', name: 'managed-elsewhere' });
    expect(objects(app)).toHaveLength(0);
    expect(app.externalObjects()).toEqual([{ group: '', kind: 'Secret', namespace: 'shop', name: 'managed-elsewhere' }]);
  });
});

describe('ConfigMap, ServiceAccount, PVC, quota, limits', () => {
  test('ConfigMap data sorted; immutable kept', () => {
    const { app, shop } = newApp();
    new ConfigMap(shop, 'c', { data: { z: '1' }, immutable: true }).addData('a', '2');
    expect(find(app, 'ConfigMap', 'c')).toMatchObject({ data: { a: '2', z: '1' }, immutable: true });
    expect(Object.keys(find(app, 'ConfigMap', 'c').data as object)).toEqual(['a', 'z']);
  });

  test('ServiceAccount and PVC', () => {
    const { app, shop } = newApp();
    new ServiceAccount(shop, 'sa', { automountToken: true, imagePullSecrets: [{ name: 'pull' }] });
    new PersistentVolumeClaim(shop, 'pvc', { storage: '1Gi', accessModes: ['ReadWriteMany'], storageClassName: 'nfs', volumeMode: 'Filesystem' });
    expect(find(app, 'ServiceAccount', 'sa')).toMatchObject({ automountServiceAccountToken: true, imagePullSecrets: [{ name: 'pull' }] });
    expect(find(app, 'PersistentVolumeClaim', 'pvc').spec).toEqual({
      accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'nfs', volumeMode: 'Filesystem',
    });
  });

  test('ResourceQuota values become strings; an empty quota is refused', () => {
    const { app, shop } = newApp();
    new ResourceQuota(shop, 'q', { hard: { pods: 10, 'requests.cpu': '4' } });
    expect(find(app, 'ResourceQuota', 'q').spec).toEqual({ hard: { pods: '10', 'requests.cpu': '4' } });
    expect(() => new ResourceQuota(shop, 'empty', { hard: {} })).toThrow(/at least one hard limit/);
  });

  test('LimitRange items per type', () => {
    const { app, shop } = newApp();
    new LimitRange(shop, 'l', {
      container: { default: { cpu: '500m' }, defaultRequest: { memory: '64Mi' } },
      persistentVolumeClaim: { max: { storage: '50Gi' } },
    });
    expect(find(app, 'LimitRange', 'l').spec).toEqual({
      limits: [
        { type: 'Container', default: { cpu: '500m' }, defaultRequest: { memory: '64Mi' } },
        { type: 'PersistentVolumeClaim', max: { storage: '50Gi' } },
      ],
    });
    expect(() => new LimitRange(shop, 'none', {})).toThrow(/needs container, pod or persistentVolumeClaim/);
  });
});

describe('NetworkPolicy', () => {
  test('allow from pods, namespaces and CIDRs on ports; egress to a CIDR', () => {
    const { app, shop } = newApp();
    const api = new Deployment(shop, 'api', { containers: [{ image: 'api:1' }] });
    const db = new Deployment(shop, 'db', { containers: [{ image: 'db:1' }] });
    new NetworkPolicy(shop, 'db-policy', { selector: db })
      .allowFrom(Peer.pods(api), [{ port: 5432 }])
      .allowFrom([Peer.namespace('monitoring'), Peer.cidr('10.0.0.0/8', ['10.1.0.0/16'])], [{ port: 'metrics', protocol: 'TCP' }])
      .allowTo(Peer.cidr('0.0.0.0/0'), [{ port: 443 }]);
    expect(find(app, 'NetworkPolicy', 'db-policy').spec).toEqual({
      podSelector: { matchLabels: db.selectorLabels },
      ingress: [
        { from: [{ podSelector: { matchLabels: api.selectorLabels } }], ports: [{ port: 5432, protocol: 'TCP' }] },
        {
          from: [
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
            { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
          ],
          ports: [{ port: 'metrics', protocol: 'TCP' }],
        },
      ],
      egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443, protocol: 'TCP' }] }],
      policyTypes: ['Ingress', 'Egress'],
    });
  });

  test('deny-all ingress for the whole namespace', () => {
    const { app, shop } = newApp();
    new NetworkPolicy(shop, 'deny', { isolateIngress: true });
    expect(find(app, 'NetworkPolicy', 'deny').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
  });
});
