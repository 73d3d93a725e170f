/** Waiting for a deleted object to be gone (its finalizers done), as replace and destroy must before going on. */
import { KubeClient } from '../cluster/client';
import { Manifest } from '../model/object';

export interface Deleted {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** The deleted object's uid: an object recreated under the same name since is not it. */
  readonly uid?: string;
}

/** Polls (100 ms, doubling up to 1 s) until the object is gone; answers it if it is still there at `deadline`. */
export async function untilGone(client: KubeClient, o: Deleted, deadline: number): Promise<Manifest | undefined> {
  for (let delay = 100; ; delay = Math.min(1000, delay * 2)) {
    const current = await client.get(o.apiVersion, o.kind, o.name, o.namespace);
    if (!current || current.metadata.uid !== o.uid) return undefined;
    if (Date.now() > deadline) return current;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
