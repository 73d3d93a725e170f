import { REDACTED, redactor, secretValuesOf } from '../../../lib/engine/redact';
import { desiredDigest, secretsDigest } from '../../../lib/engine/digest';
import { obj } from '../helpers';
import { SECRET_PLAINTEXT } from './fixtures';

const secret = obj({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, data: { PASSWORD: Buffer.from(SECRET_PLAINTEXT).toString('base64') }, type: 'Opaque' });
const base64 = Buffer.from(SECRET_PLAINTEXT).toString('base64');

describe('output filter for secret values', () => {
  const redact = redactor(secretValuesOf([secret]));

  it('replaces plaintext and base64 forms', () => {
    expect(redact(`error: bad value "${SECRET_PLAINTEXT}" / ${base64}`)).toBe(`error: bad value "${REDACTED}" / ${REDACTED}`);
  });

  it('leaves other text alone and skips values too short to filter', () => {
    const short = obj({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { A: 'shop123' } });
    expect(redactor(secretValuesOf([short]))('shop123 ok')).toBe('shop123 ok');
    expect(redact('nothing to hide')).toBe('nothing to hide');
  });
});

describe('digests of desired objects', () => {
  it('never contain the secret value and do not change with it (the per-object digest masks values)', () => {
    const other = obj({ ...secret.manifest, data: { PASSWORD: Buffer.from('something else').toString('base64') } });
    expect(desiredDigest(secret.manifest)).toBe(desiredDigest(other.manifest));
    expect(desiredDigest(secret.manifest)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('the plan-wide secrets digest changes with any value and is reproducible with the stored salt only', () => {
    const d = secretsDigest([secret.manifest])!;
    expect(JSON.stringify(d)).not.toContain(base64);
    expect(secretsDigest([secret.manifest], d.salt)).toEqual(d);
    const changed = { ...secret.manifest, data: { PASSWORD: Buffer.from('x').toString('base64') } };
    expect(secretsDigest([changed], d.salt)!.digest).not.toBe(d.digest);
    expect(secretsDigest([secret.manifest])!.digest).not.toBe(d.digest); // fresh random salt
    expect(secretsDigest([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }])).toBeUndefined();
  });
});
