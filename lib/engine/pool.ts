/** Runs tasks with at most `limit` in flight; once one fails, no new task starts (those running finish). */
export async function runBounded<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>, stopOnFailure: () => boolean): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stopOnFailure()) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
