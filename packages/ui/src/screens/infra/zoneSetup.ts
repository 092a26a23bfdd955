// The Add zone wizard's sequence: what an operator calls to build a zone, in CloudStack's order (test/support's
// buildSimZone builds a simulator zone the same way). Each step records what it created, so that a failed run
// can say what stays and a retry can go on from the step that failed.
import type { ApiClient, ApiObject } from '../../api/client.ts';
import { callAsync } from '../../api/jobs.ts';

export type Hypervisor = 'Simulator' | 'KVM';

export interface ZoneSetup {
  hypervisor: Hypervisor;
  name: string;
  dns1: string;
  internaldns1: string;
  guestcidraddress: string;
  isolationmethod: 'VLAN' | 'VXLAN';
  vlan: string;
  publicgateway: string;
  publicnetmask: string;
  publicstartip: string;
  publicendip: string;
  podname: string;
  podgateway: string;
  podnetmask: string;
  podstartip: string;
  podendip: string;
  clustername: string;
  hosturl: string;
  hostusername?: string;
  hostpassword?: string;
  poolname: string;
  poolurl: string;
  storeurl: string;
}

// Ids of what the run created so far.
export interface Created {
  zoneid?: string;
  physicalnetworkid?: string;
  podid?: string;
  clusterid?: string;
  hostid?: string;
  poolid?: string;
  storeid?: string;
}

export interface SetupStep {
  title: string;
  // Runs the step's commands; answers what it made (shown under the step) and the ids it adds.
  run(client: ApiClient, setup: ZoneSetup, created: Created): Promise<{ done: string; created?: Created }>;
}

const job = (client: ApiClient, command: string, params: Record<string, string | undefined>) => callAsync(client, command, params);
const need = (id: string | undefined, what: string): string => {
  if (id === undefined) throw new Error(`no ${what}: an earlier step did not create it`);
  return id;
};

export const setupSteps: SetupStep[] = [
  {
    title: 'Zone',
    async run(client, s) {
      const { zone } = await job(client, 'createZone', { name: s.name, networktype: 'Advanced', dns1: s.dns1, internaldns1: s.internaldns1, guestcidraddress: s.guestcidraddress });
      return { done: `zone ${zone.name}`, created: { zoneid: String(zone.id) } };
    },
  },
  {
    title: 'Physical network',
    async run(client, s, c) {
      const zoneid = need(c.zoneid, 'zone');
      const { physicalnetwork } = await job(client, 'createPhysicalNetwork', { zoneid, name: `${s.name}-physical`, isolationmethods: s.isolationmethod, vlan: s.vlan });
      const physicalnetworkid = String(physicalnetwork.id);
      for (const traffictype of ['Management', 'Guest', 'Public']) {
        await job(client, 'addTrafficType', { physicalnetworkid, traffictype, isolationmethod: traffictype === 'Guest' ? s.isolationmethod.toLowerCase() : undefined });
      }
      return { done: `${physicalnetwork.name}: Management, Guest and Public traffic, guest ${s.isolationmethod} ${s.vlan}`, created: { physicalnetworkid } };
    },
  },
  {
    title: 'Public IP range',
    async run(client, s, c) {
      await job(client, 'createVlanIpRange', {
        zoneid: need(c.zoneid, 'zone'),
        physicalnetworkid: c.physicalnetworkid,
        vlan: 'untagged',
        forvirtualnetwork: 'true',
        gateway: s.publicgateway,
        netmask: s.publicnetmask,
        startip: s.publicstartip,
        endip: s.publicendip,
      });
      return { done: `${s.publicstartip} - ${s.publicendip}` };
    },
  },
  {
    title: 'Pod',
    async run(client, s, c) {
      const { pod } = await job(client, 'createPod', { zoneid: need(c.zoneid, 'zone'), name: s.podname, gateway: s.podgateway, netmask: s.podnetmask, startip: s.podstartip, endip: s.podendip });
      return { done: `pod ${pod.name}`, created: { podid: String(pod.id) } };
    },
  },
  {
    title: 'Cluster',
    async run(client, s, c) {
      const answer = await job(client, 'addCluster', { zoneid: need(c.zoneid, 'zone'), podid: need(c.podid, 'pod'), clustername: s.clustername, clustertype: 'CloudManaged', hypervisor: s.hypervisor });
      const cluster = (answer.cluster as ApiObject[])[0];
      return { done: `${s.hypervisor} cluster ${cluster.name}`, created: { clusterid: String(cluster.id) } };
    },
  },
  {
    title: 'Host',
    async run(client, s, c) {
      const answer = await job(client, 'addHost', {
        zoneid: need(c.zoneid, 'zone'),
        podid: need(c.podid, 'pod'),
        clusterid: need(c.clusterid, 'cluster'),
        hypervisor: s.hypervisor,
        url: s.hosturl,
        username: s.hostusername,
        password: s.hostpassword,
      });
      const host = (answer.host as ApiObject[])[0];
      return { done: `host ${host.name} (${host.state})`, created: { hostid: String(host.id) } };
    },
  },
  {
    title: 'Primary storage',
    async run(client, s, c) {
      const { storagepool } = await job(client, 'createStoragePool', { zoneid: need(c.zoneid, 'zone'), podid: c.podid, clusterid: need(c.clusterid, 'cluster'), scope: 'CLUSTER', name: s.poolname, url: s.poolurl });
      return { done: `pool ${storagepool.name}`, created: { poolid: String(storagepool.id) } };
    },
  },
  {
    title: 'Secondary storage',
    async run(client, s, c) {
      const { imagestore } = await job(client, 'addImageStore', { zoneid: need(c.zoneid, 'zone'), name: `${s.name}-images`, provider: 'NFS', url: s.storeurl });
      return { done: `image store ${imagestore.name}`, created: { storeid: String(imagestore.id) } };
    },
  },
  {
    title: 'Enable',
    async run(client, s, c) {
      if (c.physicalnetworkid !== undefined) await job(client, 'updatePhysicalNetwork', { id: c.physicalnetworkid, state: 'Enabled' });
      await job(client, 'updateZone', { id: need(c.zoneid, 'zone'), allocationstate: 'Enabled' });
      return { done: `zone ${s.name} is Enabled` };
    },
  },
];

export interface Progress {
  // The step running now, or the one that failed; setupSteps.length when all are done.
  step: number;
  done: string[];
  created: Created;
  error?: string;
}

// Runs the steps from `from.step` on, reporting after each; stops at the first failure with its errortext.
export async function runSetup(client: ApiClient, setup: ZoneSetup, from: Progress, report: (p: Progress) => void): Promise<Progress> {
  let progress: Progress = { ...from, error: undefined };
  report(progress);
  while (progress.step < setupSteps.length) {
    try {
      const result = await setupSteps[progress.step].run(client, setup, progress.created);
      const done = [...progress.done];
      done[progress.step] = result.done;
      progress = { step: progress.step + 1, done, created: { ...progress.created, ...result.created } };
    } catch (err) {
      progress = { ...progress, error: (err as Error).message };
      report(progress);
      return progress;
    }
    report(progress);
  }
  return progress;
}
