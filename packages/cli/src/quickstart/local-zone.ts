import { readFileSync } from 'node:fs';
import type { SessionCall } from '../session.ts';

export interface LocalZoneInput {
  /** The host's address (the agent's), where guests' templates are fetched from too. */
  address: string;
  apiPort: number;
  dataDir: string;
  agent: { username: string; password: string };
}

export interface LocalZone {
  zoneId: string;
  templateId: string;
  offeringId: string;
  created: boolean;
}

const ZONE = 'local';

/** The machine's first name server, for the zone's guests; Google's when there is none. */
function nameServer(): string {
  try {
    return /^nameserver\s+(\d+\.\d+\.\d+\.\d+)/m.exec(readFileSync('/etc/resolv.conf', 'utf8'))?.[1] ?? '8.8.8.8';
  } catch {
    return '8.8.8.8';
  }
}

/**
 * The zone's public range: documentation addresses (TEST-NET-2), held by this machine's public bridge as gateway, so
 * the machine routes the whole /24 to its guests. Not TEST-NET-3: sandboxes such as the one CI runs in resolve the
 * npm registry and Debian's mirror into 203.0.113.0/24, and a running cloud made them unreachable.
 */
export const PUBLIC_RANGE = { gateway: '198.51.100.1', netmask: '255.255.255.0', startip: '198.51.100.10', endip: '198.51.100.250' };

/** Runs an async command to its end; its failure is an error with the job's text. */
async function job(call: SessionCall, params: Record<string, string | number | boolean>): Promise<Record<string, any>> {
  const { jobid } = await call(params);
  for (let i = 0; i < 600; i++) {
    const r = await call({ command: 'queryAsyncJobResult', jobid });
    if (r.jobstatus === 1) return r.jobresult as Record<string, any>;
    if (r.jobstatus === 2) throw new Error(`${String(params.command)}: ${String(r.jobresult?.errortext)}`);
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${String(params.command)} did not finish within 60 s`);
}

const first = async (call: SessionCall, command: string, key: string, args: Record<string, string>) => ((await call({ command, ...args, listall: true }))[key] ?? [])[0] as Record<string, any> | undefined;

/**
 * The one-machine cloud `npm start` sets up, through the API as an operator would, once: zone `local` (advanced),
 * a pod and a KVM cluster holding this machine (admitted with its agent's credentials), a physical network with guest
 * VLANs 100-999, public addresses 198.51.100.10-250, primary storage in `<data-dir>/primary`, the built-in guest
 * template served by this server, and a Tiny offering. A second run finds
 * each piece and adds only what is missing (a host that is already there just reconnects on its own).
 */
export async function ensureLocalZone(call: SessionCall, o: LocalZoneInput): Promise<LocalZone> {
  let created = false;
  let zone = await first(call, 'listZones', 'zone', { name: ZONE });
  if (!zone) {
    zone = (await call({ command: 'createZone', name: ZONE, networktype: 'Advanced', dns1: nameServer(), internaldns1: nameServer(), guestcidraddress: '10.1.1.0/24' })).zone as Record<string, any>;
    created = true;
  }
  if (zone.allocationstate !== 'Enabled') await call({ command: 'updateZone', id: zone.id, allocationstate: 'Enabled' });
  const pod = (await first(call, 'listPods', 'pod', { zoneid: zone.id })) ?? (await call({ command: 'createPod', zoneid: zone.id, name: `${ZONE}-pod`, gateway: '192.168.56.1', netmask: '255.255.255.0', startip: '192.168.56.10', endip: '192.168.56.200' })).pod;
  const cluster = (await first(call, 'listClusters', 'cluster', { zoneid: zone.id })) ?? (await call({ command: 'addCluster', zoneid: zone.id, podid: pod.id, clustername: `${ZONE}-kvm`, clustertype: 'CloudManaged', hypervisor: 'KVM' })).cluster[0];
  if (!(await first(call, 'listHosts', 'host', { zoneid: zone.id, type: 'Routing' }))) {
    await call({ command: 'addHost', zoneid: zone.id, podid: pod.id, clusterid: cluster.id, hypervisor: 'KVM', url: `http://${o.address}`, username: o.agent.username, password: o.agent.password });
  }
  // Guest networks take VLAN ids from the physical network (carried as VXLAN where the kernel has no 802.1Q), and
  // public addresses from a range this machine reaches: port forwards answer `curl` from its shell.
  if (!(await first(call, 'listPhysicalNetworks', 'physicalnetwork', { zoneid: zone.id }))) {
    await job(call, { command: 'createPhysicalNetwork', zoneid: zone.id, name: `${ZONE}-physical`, isolationmethods: 'VLAN', vlan: '100-999' });
  }
  if (!(await first(call, 'listVlanIpRanges', 'vlaniprange', { zoneid: zone.id }))) {
    await call({ command: 'createVlanIpRange', zoneid: zone.id, vlan: 'untagged', forvirtualnetwork: true, ...PUBLIC_RANGE });
  }
  if (!(await first(call, 'listStoragePools', 'storagepool', { zoneid: zone.id }))) {
    await call({ command: 'createStoragePool', zoneid: zone.id, podid: pod.id, clusterid: cluster.id, name: `${ZONE}-primary`, url: `sharedmountpoint://${o.dataDir}/primary`, scope: 'CLUSTER' });
  }
  if (!(await first(call, 'listImageStores', 'imagestore', { zoneid: zone.id }))) {
    await call({ command: 'addImageStore', name: `${ZONE}-secondary`, provider: 'NFS', url: `nfs://${o.address}${o.dataDir}/secondary`, zoneid: zone.id });
  }
  let template = await first(call, 'listTemplates', 'template', { templatefilter: 'all', name: 'Nimbus tiny', zoneid: zone.id });
  if (!template) {
    const ostype = (await first(call, 'listOsTypes', 'ostype', { description: 'Other Linux (64-bit)' })) ?? (await first(call, 'listOsTypes', 'ostype', {}));
    template = (await call({
      command: 'registerTemplate',
      name: 'Nimbus tiny',
      displaytext: 'Nimbus tiny guest: busybox, DHCP, ssh, a web page naming the guest',
      format: 'QCOW2',
      hypervisor: 'KVM',
      url: `http://${o.address}:${o.apiPort}/templates/nimbus-tiny.qcow2`,
      zoneid: zone.id,
      ostypeid: (ostype as Record<string, any>).id,
      ispublic: true,
      isfeatured: true,
      passwordenabled: true,
    })).template[0];
  }
  // The template is usable once its (simulated) download into the zone finished: wait, so the printed deploy works.
  for (let i = 0; !(template as Record<string, any>).isready; i++) {
    if (i > 300) throw new Error('the Nimbus tiny template did not become ready within 60 s');
    await new Promise((r) => setTimeout(r, 200));
    template = (await first(call, 'listTemplates', 'template', { templatefilter: 'all', id: (template as Record<string, any>).id, zoneid: zone.id })) ?? template;
  }
  const offering = (await first(call, 'listServiceOfferings', 'serviceoffering', { name: 'Tiny' })) ?? (await call({ command: 'createServiceOffering', name: 'Tiny', displaytext: '1 vCPU x 500 MHz, 128 MiB', cpunumber: 1, cpuspeed: 500, memory: 128 })).serviceoffering;
  return { zoneId: zone.id, templateId: (template as Record<string, any>).id, offeringId: offering.id, created };
}
