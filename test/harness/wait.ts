/** Polling for eventually-true cluster state, with a failure message that says what was last seen. */
export interface WaitOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

/**
 * Calls `probe` until `done(value)` holds and returns that value. On timeout it throws with `what` and the last
 * value seen, so a failing test shows the real state instead of just "timeout".
 */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 60_000, intervalMs = 500 }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; last seen: ${JSON.stringify(value, null, 1).slice(0, 2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The condition of `type` in an object's status.conditions. */
export function conditionOf(
  object: any,
  type: string,
): { status: string; reason?: string; message?: string; lastTransitionTime?: string } | undefined {
  return object?.status?.conditions?.find((c: any) => c.type === type);
}
