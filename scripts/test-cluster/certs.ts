/** Certificates and keys of a test cluster, made with openssl: a CA, the API server's serving cert and the
 * service-account signing key pair. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export interface Pki {
  readonly caCert: string;
  readonly servingCert: string;
  readonly servingKey: string;
  readonly serviceAccountKey: string;
  readonly serviceAccountPub: string;
}

// Names the API server answers to: loopback for us, the in-cluster names for completeness.
const servingNames = ['IP:127.0.0.1', 'IP:10.96.0.1', 'DNS:localhost', 'DNS:kubernetes', 'DNS:kubernetes.default',
  'DNS:kubernetes.default.svc', 'DNS:kubernetes.default.svc.cluster.local'];

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

export function generatePki(dir: string): Pki {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = (name: string) => path.join(dir, name);
  const pki: Pki = {
    caCert: file('ca.crt'),
    servingCert: file('apiserver.crt'),
    servingKey: file('apiserver.key'),
    serviceAccountKey: file('sa.key'),
    serviceAccountPub: file('sa.pub'),
  };
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650', '-subj', '/CN=berth-test-ca',
    '-keyout', file('ca.key'), '-out', pki.caCert]);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=kube-apiserver',
    '-keyout', pki.servingKey, '-out', file('apiserver.csr')]);
  fs.writeFileSync(file('apiserver.ext'), [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    `subjectAltName=${servingNames.join(',')}`,
  ].join('\n'));
  openssl(['x509', '-req', '-in', file('apiserver.csr'), '-CA', pki.caCert, '-CAkey', file('ca.key'),
    '-CAcreateserial', '-days', '365', '-extfile', file('apiserver.ext'), '-out', pki.servingCert]);
  openssl(['genrsa', '-out', pki.serviceAccountKey, '2048']);
  openssl(['rsa', '-in', pki.serviceAccountKey, '-pubout', '-out', pki.serviceAccountPub]);
  return pki;
}
