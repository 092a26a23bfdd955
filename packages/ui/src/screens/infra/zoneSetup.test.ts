import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError, type ApiClient, type ApiObject, type ApiParams } from '../../api/client.ts';
import { runSetup, setupSteps, type Progress, type ZoneSetup } from './zoneSetup.ts';

const setup: ZoneSetup = {
  hypervisor: 'Simulator',
  name: 'z2',
  dns1: '8.8.8.8',
  internaldns1: '10.0.0.1',
  guestcidraddress: '10.1.1.0/24',
  isolationmethod: 'VLAN',
  vlan: '100-199',
  publicgateway: '203.0.113.1',
  publicnetmask: '255.255.255.0',
  publicstartip: '203.0.113.10',
  publicendip: '203.0.113.20',
  podname: 'z2-pod',
  podgateway: '192.168.60.1',
  podnetmask: '255.255.255.0',
  podstartip: '192.168.60.10',
  podendip: '192.168.60.100',
  clustername: 'z2-c0',
  hosturl: 'http://sim/z2/h0',
  poolname: 'z2-pool',
  poolurl: 'nfs://10.0.0.2/primary',
  storeurl: 'nfs://10.0.0.2/secondary',
};

// A server that answers each command synchronously with made-up ids, failing the ones in `failing`.
function fakeClient(failing: Set<string>) {
  const calls: [string, ApiParams][] = [];
  const answers: Record<string, ApiObject> = {
    createZone: { zone: { id: 'zone-1', name: 'z2' } },
    createPhysicalNetwork: { physicalnetwork: { id: 'pn-1', name: 'z2-physical' } },
    createPod: { pod: { id: 'pod-1', name: 'z2-pod' } },
    addCluster: { cluster: [{ id: 'cl-1', name: 'z2-c0' }] },
    addHost: { host: [{ id: 'h-1', name: 'h0', state: 'Up' }] },
    createStoragePool: { storagepool: { id: 'sp-1', name: 'z2-pool' } },
    addImageStore: { imagestore: { id: 'is-1', name: 'z2-images' } },
  };
  const client: ApiClient = {
    async call(command, params = {}) {
      calls.push([command, params]);
      if (failing.has(command)) throw new ApiError(`${command} refused: no`, 431);
      return answers[command] ?? { success: true };
    },
    setSessionKey: () => undefined,
    hasSession: () => true,
  };
  return { client, calls };
}

const start: Progress = { step: 0, done: [], created: {} };

test('the wizard runs the commands of a zone in order, with the ids each step created', async () => {
  const { client, calls } = fakeClient(new Set());
  const reports: number[] = [];
  const end = await runSetup(client, setup, start, (p) => reports.push(p.step));
  assert.equal(end.error, undefined);
  assert.equal(end.step, setupSteps.length);
  assert.deepEqual(
    calls.map(([c]) => c),
    ['createZone', 'createPhysicalNetwork', 'addTrafficType', 'addTrafficType', 'addTrafficType', 'createVlanIpRange', 'createPod', 'addCluster', 'addHost', 'createStoragePool', 'addImageStore', 'updatePhysicalNetwork', 'updateZone'],
  );
  const params = new Map(calls.map(([c, p]) => [c, p]));
  assert.equal(params.get('addHost')?.clusterid, 'cl-1');
  assert.equal(params.get('createStoragePool')?.clusterid, 'cl-1');
  assert.equal(params.get('createVlanIpRange')?.physicalnetworkid, 'pn-1');
  assert.deepEqual(params.get('updateZone'), { id: 'zone-1', allocationstate: 'Enabled' });
  assert.deepEqual(end.created, { zoneid: 'zone-1', physicalnetworkid: 'pn-1', podid: 'pod-1', clusterid: 'cl-1', hostid: 'h-1', poolid: 'sp-1', storeid: 'is-1' });
  assert.deepEqual(reports, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('a failed step stops the run with its errortext; a retry goes on from that step with what was created', async () => {
  const failing = new Set(['addHost']);
  const { client, calls } = fakeClient(failing);
  const failed = await runSetup(client, setup, start, () => undefined);
  assert.equal(setupSteps[failed.step].title, 'Host');
  assert.equal(failed.error, 'addHost refused: no');
  assert.equal(failed.created.clusterid, 'cl-1');
  assert.equal(calls.at(-1)?.[0], 'addHost');
  failing.clear();
  calls.length = 0;
  const end = await runSetup(client, setup, failed, () => undefined);
  assert.equal(end.error, undefined);
  assert.deepEqual(calls.map(([c]) => c)[0], 'addHost');
  assert.equal(end.created.zoneid, 'zone-1');
});

test("a KVM zone's cluster and host are KVM, the host with its agent's credentials; VXLAN isolates its guests", async () => {
  const { client, calls } = fakeClient(new Set());
  const kvm: ZoneSetup = { ...setup, hypervisor: 'KVM', isolationmethod: 'VXLAN', hosturl: '192.168.56.21', hostusername: 'nimbus', hostpassword: 'secret' };
  await runSetup(client, kvm, start, () => undefined);
  const params = (command: string) => calls.filter(([c]) => c === command).map(([, p]) => p);
  assert.equal(params('addCluster')[0].hypervisor, 'KVM');
  assert.deepEqual(
    [params('addHost')[0].hypervisor, params('addHost')[0].url, params('addHost')[0].username, params('addHost')[0].password],
    ['KVM', '192.168.56.21', 'nimbus', 'secret'],
  );
  assert.equal(params('createPhysicalNetwork')[0].isolationmethods, 'VXLAN');
  assert.deepEqual(
    params('addTrafficType').map((p) => [p.traffictype, p.isolationmethod]),
    [['Management', undefined], ['Guest', 'vxlan'], ['Public', undefined]],
  );
});
