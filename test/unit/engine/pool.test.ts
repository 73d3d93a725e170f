import { runBounded } from '../../../lib/engine/pool';

describe('runBounded', () => {
  it('keeps at most `limit` tasks in flight and runs them all', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    await runBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      done.push(n);
    });
    expect(most).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('after a failure starts nothing new, lets the running tasks finish, then rethrows the first error', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    await expect(runBounded([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      if (n === 1) throw new Error('first');
      await new Promise((r) => setTimeout(r, 10));
      finished.push(n);
    })).rejects.toThrow('first');
    expect(started).toEqual([1, 2]);
    expect(finished).toEqual([2]);
  });
});
