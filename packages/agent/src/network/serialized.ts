import { keyedQueue } from '@nimbus/protocol';

/**
 * Work on one network runs one piece at a time: the server sends SetupNetwork before every VM start and plugs NICs
 * of parallel deploys at once, which would otherwise race on the network's namespace, veth, dnsmasq and VXLAN flood
 * list (one command removing a peer another is adding).
 */
export const serialized = keyedQueue();
