// Work on one network runs one piece at a time: the server sends SetupNetwork before every VM start and plugs NICs
// of parallel deploys at once, which would otherwise race on the network's namespace, veth, dnsmasq and VXLAN flood
// list (one command removing a peer another is adding).
const queues = new Map<string, Promise<unknown>>();

/** Runs `work` after every earlier piece of work on the same network has settled. */
export function serialized<T>(networkId: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(networkId) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.then(
    () => undefined,
    () => undefined,
  );
  queues.set(networkId, settled);
  void settled.then(() => {
    if (queues.get(networkId) === settled) queues.delete(networkId);
  });
  return next;
}
