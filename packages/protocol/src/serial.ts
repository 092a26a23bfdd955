/**
 * One piece of work at a time per key, in arrival order: both sides of the agent protocol change per-network state
 * (rule sets on the server, namespaces and flood lists on a host) that concurrent requests would otherwise race on.
 * Returns the runner; a failed piece does not stop the ones queued after it.
 */
export function keyedQueue(): <T>(key: string, work: () => Promise<T>) => Promise<T> {
  const queues = new Map<string, Promise<unknown>>();
  return <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const next = (queues.get(key) ?? Promise.resolve()).then(work, work);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    queues.set(key, settled);
    void settled.then(() => {
      if (queues.get(key) === settled) queues.delete(key);
    });
    return next;
  };
}
