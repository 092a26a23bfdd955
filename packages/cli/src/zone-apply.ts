import { readFileSync } from 'node:fs';
import { ApiCallError, CloudClient, type Body } from './api-client.ts';

/**
 * `nimbus zone apply FILE`: builds the zones of a Marvin configuration (the `zones` section of CloudStack's
 * `setup/dev/advanced.cfg`, which `deployDataCenter` reads) through the API, in Marvin's order: zone, physical
 * networks with traffic types and providers, public IP ranges, pods, clusters with hosts and primary storage,
 * zone-wide primary storage, secondary storage, and last the zone enabled. Applying the same file again finds
 * what exists by name (hosts by URL, ranges by addresses) and adds only what is missing.
 */
export interface MarvinZone {
  name: string;
  networktype?: string;
  dns1: string;
  dns2?: string;
  internaldns1: string;
  internaldns2?: string;
  guestcidraddress?: string;
  domain?: string;
  localstorageenabled?: boolean;
  securitygroupenabled?: boolean;
  physical_networks?: Array<{
    name: string;
    broadcastdomainrange?: string;
    vlan?: string;
    isolationmethods?: string[];
    tags?: string[];
    traffictypes?: Array<{ typ: string; kvm?: string; xen?: string; vmware?: string; hyperv?: string }>;
    providers?: Array<{ name: string; broadcastdomainrange?: string }>;
  }>;
  ipranges?: Array<{ startip: string; endip?: string; gateway: string; netmask: string; vlan?: string }>;
  pods?: Array<{
    name: string;
    gateway?: string;
    netmask?: string;
    startip?: string;
    endip?: string;
    clusters?: Array<{
      clustername: string;
      hypervisor: string;
      clustertype?: string;
      hosts?: Array<{ url: string; username?: string; password?: string; hosttags?: string }>;
      primaryStorages?: Array<{ name: string; url: string; tags?: string }>;
    }>;
  }>;
  primaryStorages?: Array<{ name: string; url: string; tags?: string; scope?: string; hypervisor?: string }>;
  secondaryStorages?: Array<{ url: string; provider?: string; name?: string }>;
}

type Log = (line: string) => void;

export function readMarvinConfig(path: string): MarvinZone[] {
  let parsed: { zones?: unknown };
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as { zones?: unknown };
  } catch (e) {
    throw new Error(`${path}: not a readable JSON configuration (${(e as Error).message})`);
  }
  if (!Array.isArray(parsed.zones)) throw new Error(`${path}: no "zones" list (a Marvin configuration such as setup/dev/advanced.cfg)`);
  return parsed.zones as MarvinZone[];
}

const isAlreadyThere = (e: unknown) => e instanceof ApiCallError && e.errorcode === 431 && /already exists/.test(e.message);

export async function applyZone(api: CloudClient, z: MarvinZone, log: Log): Promise<string> {
  const byName = (items: Body[], name: string) => items.find((i) => String(i.name).toLowerCase() === name.toLowerCase());
  let zone = byName(await api.list('listZones', 'zone', { name: z.name }), z.name);
  if (zone) {
    log(`zone ${z.name}: exists (${zone.id})`);
  } else {
    zone = (await api.call('createZone', {
      name: z.name,
      networktype: z.networktype ?? 'Advanced',
      dns1: z.dns1,
      dns2: z.dns2,
      internaldns1: z.internaldns1,
      internaldns2: z.internaldns2,
      guestcidraddress: z.guestcidraddress,
      domain: z.domain,
      localstorageenabled: z.localstorageenabled,
      securitygroupenabled: z.securitygroupenabled,
    })).zone as Body;
    log(`zone ${z.name}: created (${zone.id})`);
  }
  const zoneid = zone.id as string;

  for (const pn of z.physical_networks ?? []) {
    let net = byName(await api.list('listPhysicalNetworks', 'physicalnetwork', { zoneid }), pn.name);
    if (!net) {
      net = (await api.job('createPhysicalNetwork', {
        zoneid,
        name: pn.name,
        vlan: pn.vlan,
        broadcastdomainrange: pn.broadcastdomainrange,
        isolationmethods: pn.isolationmethods?.join(','),
        tags: pn.tags?.join(','),
      })).physicalnetwork as Body;
      log(`physical network ${pn.name}: created (${net.id})`);
    }
    const present = new Set((await api.list('listTrafficTypes', 'traffictype', { physicalnetworkid: net.id })).map((t) => String(t.traffictype ?? t.name)));
    for (const t of pn.traffictypes ?? []) {
      if (present.has(t.typ)) continue;
      await api.job('addTrafficType', { physicalnetworkid: net.id, traffictype: t.typ, kvmnetworklabel: t.kvm, xennetworklabel: t.xen, vmwarenetworklabel: t.vmware, hypervnetworklabel: t.hyperv });
      log(`physical network ${pn.name}: ${t.typ} traffic added`);
    }
    const providers = await api.list('listNetworkServiceProviders', 'networkserviceprovider', { physicalnetworkid: net.id });
    for (const p of pn.providers ?? []) {
      const provider = byName(providers, p.name);
      if (!provider) throw new Error(`physical network ${pn.name}: no provider ${p.name} to enable`);
      if (provider.state !== 'Enabled') {
        await api.job('updateNetworkServiceProvider', { id: provider.id, state: 'Enabled' });
        log(`physical network ${pn.name}: provider ${p.name} enabled`);
      }
    }
    if (net.state !== 'Enabled') await api.job('updatePhysicalNetwork', { id: net.id, state: 'Enabled' });
  }

  const ranges = await api.list('listVlanIpRanges', 'vlaniprange', { zoneid });
  for (const r of z.ipranges ?? []) {
    if (ranges.some((x) => x.startip === r.startip && x.endip === (r.endip ?? r.startip))) continue;
    await api.call('createVlanIpRange', { zoneid, forvirtualnetwork: true, vlan: r.vlan, gateway: r.gateway, netmask: r.netmask, startip: r.startip, endip: r.endip });
    log(`public IP range ${r.startip}-${r.endip ?? r.startip}: created`);
  }

  for (const p of z.pods ?? []) {
    let pod = byName(await api.list('listPods', 'pod', { zoneid }), p.name);
    if (!pod) {
      pod = (await api.call('createPod', { zoneid, name: p.name, gateway: p.gateway, netmask: p.netmask, startip: p.startip, endip: p.endip })).pod as Body;
      log(`pod ${p.name}: created (${pod.id})`);
    }
    for (const c of p.clusters ?? []) {
      let cluster = byName(await api.list('listClusters', 'cluster', { podid: pod.id }), c.clustername);
      if (!cluster) {
        const added = await api.call('addCluster', { zoneid, podid: pod.id, clustername: c.clustername, hypervisor: c.hypervisor, clustertype: c.clustertype ?? 'CloudManaged' });
        cluster = (added.cluster as Body[])[0];
        log(`cluster ${c.clustername}: created (${cluster.id})`);
      }
      for (const h of c.hosts ?? []) {
        try {
          await api.call('addHost', { zoneid, podid: pod.id, clusterid: cluster.id, hypervisor: c.hypervisor, url: h.url, username: h.username, password: h.password, hosttags: h.hosttags });
          log(`host ${h.url}: added`);
        } catch (e) {
          if (!isAlreadyThere(e)) throw e;
        }
      }
      const pools = await api.list('listStoragePools', 'storagepool', { zoneid });
      for (const s of c.primaryStorages ?? []) {
        if (byName(pools, s.name)) continue;
        await api.call('createStoragePool', { zoneid, podid: pod.id, clusterid: cluster.id, name: s.name, url: s.url, tags: s.tags });
        log(`primary storage ${s.name}: created`);
      }
    }
  }

  const pools = await api.list('listStoragePools', 'storagepool', { zoneid });
  for (const s of z.primaryStorages ?? []) {
    if (byName(pools, s.name)) continue;
    await api.call('createStoragePool', { zoneid, name: s.name, url: s.url, tags: s.tags, scope: s.scope ?? 'zone', hypervisor: s.hypervisor ?? 'Simulator' });
    log(`primary storage ${s.name}: created (zone-wide)`);
  }

  const stores = await api.list('listImageStores', 'imagestore', { zoneid });
  for (const s of z.secondaryStorages ?? []) {
    if (stores.some((x) => x.url === s.url)) continue;
    await api.call('addImageStore', { zoneid, url: s.url, provider: s.provider ?? 'NFS', name: s.name });
    log(`secondary storage ${s.url}: added`);
  }

  if (zone.allocationstate !== 'Enabled') {
    await api.call('updateZone', { id: zoneid, allocationstate: 'Enabled' });
    log(`zone ${z.name}: enabled`);
  }
  return zoneid;
}

/** `nimbus zone ...`; returns the exit code. */
export async function runZone(args: string[], log: Log = (l) => process.stdout.write(`${l}\n`)): Promise<number> {
  const [verb, file] = args;
  if (verb !== 'apply' || !file) {
    process.stderr.write('Usage: nimbus zone apply FILE\n\nBuilds the zones of a Marvin configuration (setup/dev/advanced.cfg) through the API at\nNIMBUS_URL with the admin keys NIMBUS_API_KEY and NIMBUS_SECRET_KEY.\n');
    return 2;
  }
  const zones = readMarvinConfig(file);
  const api = CloudClient.fromEnv();
  for (const z of zones) await applyZone(api, z, log);
  return 0;
}
