/**
 * Runs tasks with at most `limit` in flight. Once a task throws, or `stop()` says so, no new task starts; those
 * running finish, and then the first error (if any) is rethrown, as the sequential loop it replaces would have.
 */
export async function runBounded<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>, stop: () => boolean = () => false): Promise<void> {
  let next = 0;
  let error: { e: unknown } | undefined;
  const worker = async () => {
    while (next < items.length && !error && !stop()) {
      try {
        await task(items[next++]);
      } catch (e) {
        error ??= { e };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (error) throw error.e;
}
