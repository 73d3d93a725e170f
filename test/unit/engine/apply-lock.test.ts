import { hostname } from 'os';
import { holderIdentity, microTime, staleReason } from '../../../lib/engine/lock';

describe('lock lease staleness', () => {
  const now = new Date('2026-01-01T00:01:00.000Z');
  it('a lease renewed within its duration protects its holder', () => {
    expect(staleReason({ holderIdentity: 'ci-7/123 started x', leaseDurationSeconds: 30, renewTime: '2026-01-01T00:00:45.000000Z' }, now)).toBeUndefined();
  });
  it('a lease not renewed within its duration belongs to a crashed run', () => {
    expect(staleReason({ holderIdentity: 'ci-7/123 started x', leaseDurationSeconds: 30, renewTime: '2026-01-01T00:00:29.000000Z' }, now)).toBe('expired');
  });
  it('a released lease (no holder) is free', () => {
    expect(staleReason({ leaseDurationSeconds: 30, renewTime: '2026-01-01T00:00:59.000000Z' }, now)).toBe('released');
  });
  it('a fresh lease held by a dead process of this host is taken over at once', () => {
    const dead = 2 ** 22 + 12345; // above pid_max defaults: no such process
    expect(staleReason({ holderIdentity: `${hostname()}/${dead} started x`, leaseDurationSeconds: 30, renewTime: microTime(now) }, now)).toBe('its process is gone');
    expect(staleReason({ holderIdentity: `${hostname()}/${process.ppid} started x`, leaseDurationSeconds: 30, renewTime: microTime(now) }, now)).toBeUndefined();
  });
  it('names the holder by host, pid and start time; MicroTime has six fraction digits', () => {
    expect(holderIdentity()).toMatch(new RegExp(`^${hostname()}/${process.pid} started \\d{4}-\\d\\d-\\d\\dT`));
    expect(microTime(new Date('2026-01-01T00:00:00.123Z'))).toBe('2026-01-01T00:00:00.123000Z');
  });
});
