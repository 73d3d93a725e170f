import { createProgress } from '../../../lib/cli/progress';
import { ObjectId } from '../../../lib/model/object';

const id = (name: string): ObjectId => ({ group: 'apps', kind: 'Deployment', namespace: 'shop', name });

describe('plain progress (CI, pipes)', () => {
  const setup = () => {
    const writes: string[] = [];
    const progress = createProgress({ write: (t) => writes.push(t) }, { live: false, now: () => Date.UTC(2026, 10, 24, 6, 0, 0) });
    return { writes, progress };
  };

  it('prints timestamped lines, a waiting object again only when its message changes', () => {
    const { writes, progress } = setup();
    progress.emit({ type: 'applied', id: id('web'), as: 'created' });
    progress.emit({ type: 'wait-progress', id: id('web'), elapsedMs: 1000, message: '0/2 replicas available' });
    progress.emit({ type: 'wait-progress', id: id('web'), elapsedMs: 2000, message: '0/2 replicas available' });
    progress.emit({ type: 'ready', id: id('web'), elapsedMs: 3500, message: '2/2 replicas available' });
    progress.close();
    expect(writes.join('').split('\n')).toEqual([
      '2026-11-24T06:00:00.000Z Deployment/shop/web: created',
      '2026-11-24T06:00:00.000Z Deployment/shop/web: waiting (1.0s): 0/2 replicas available',
      '2026-11-24T06:00:00.000Z Deployment/shop/web: ready after 3.5s (2/2 replicas available)',
      '',
    ]);
  });

  it('writes lines in batches rather than one write each, and within 100 ms', async () => {
    const { writes, progress } = setup();
    for (const name of ['a', 'b', 'c']) progress.emit({ type: 'applied', id: id(name), as: 'created' });
    expect(writes).toEqual([]);
    await new Promise((r) => setTimeout(r, 150));
    expect(writes).toHaveLength(1);
    expect(writes[0].trim().split('\n')).toHaveLength(3);
    progress.close();
  });

  it('writes a failure at once, with the lines before it', () => {
    const { writes, progress } = setup();
    progress.emit({ type: 'applied', id: id('a'), as: 'created' });
    progress.emit({ type: 'apply-failed', id: id('b'), message: 'Deployment/shop/b: rejected' });
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/a: created\n.*FAILED Deployment\/shop\/b: rejected\n$/);
    progress.close();
  });
});
