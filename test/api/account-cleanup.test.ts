import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiClient, Body } from '../support/client.ts';
import { createTenant } from '../support/identity.ts';
import { acquire, job, rulesWorld, type RulesWorld } from '../support/network-rules.ts';
import { testDialects } from '../support/server.ts';

/** What root admin sees of everything, listall=true, by list: `account:id` (rules name no account: their address's). */
async function everything(admin: ApiClient, ipOwners: Map<string, string>): Promise<Record<string, string[]>> {
  const lists: Array<[string, string, Record<string, string | boolean>]> = [
    ['listVirtualMachines', 'virtualmachine', {}],
    ['listVolumes', 'volume', {}],
    ['listSnapshots', 'snapshot', {}],
    ['listVMSnapshot', 'vmSnapshot', {}],
    ['listNetworks', 'network', {}],
    ['listPublicIpAddresses', 'publicipaddress', {}],
    ['listPortForwardingRules', 'portforwardingrule', {}],
    ['listFirewallRules', 'firewallrule', {}],
    ['listSSHKeyPairs', 'sshkeypair', {}],
    ['listUserData', 'userdata', {}],
    ['listTemplates', 'template', { templatefilter: 'all' }],
    ['listTags', 'tag', {}],
  ];
  const seen: Record<string, string[]> = {};
  for (const [command, key, params] of lists) {
    const rows = ((await admin.ok(command, { listall: true, ...params }))[key] ?? []) as Body[];
    seen[command] = rows.map((r) => `${r.account ?? ipOwners.get(r.ipaddressid as string) ?? ''}:${r.id ?? r.name ?? r.key}`);
  }
  return seen;
}

const allocatedCpu = async (admin: ApiClient) => ((await admin.ok('listHosts', { type: 'Routing' })).host as Body[]).reduce((n, h) => n + Number(h.cpuallocatedvalue), 0);

for (const dialect of testDialects()) {
  describe(`account and domain clean-up [${dialect}]`, () => {
    let w: RulesWorld;
    before(async () => {
      w = await rulesWorld(dialect);
    });
    after(() => w?.server.stop());

    it('deletes an account with everything it owns, giving back host capacity, public IPs and counts', async () => {
      const alice = w.alice.client;
      const cpuBefore = await allocatedCpu(w.admin);
      // Bob's network takes its source NAT address with its first address: now, not one of alice's once freed.
      await acquire(w.bob.client, w.sim.zone.id);
      const ip = await acquire(alice, w.sim.zone.id);
      await job(alice, 'createPortForwardingRule', { ipaddressid: ip.id, protocol: 'tcp', publicport: 2222, privateport: 22, virtualmachineid: w.aliceVm.id });
      const small = ((await alice.ok('listDiskOfferings', { name: 'Small' })).diskoffering as Body[])[0];
      const volume = (await job(alice, 'createVolume', { name: 'data', zoneid: w.sim.zone.id, diskofferingid: small.id })).volume as Body;
      await job(alice, 'attachVolume', { id: volume.id, virtualmachineid: w.aliceVm.id });
      await job(alice, 'createSnapshot', { volumeid: volume.id });
      await job(alice, 'createVMSnapshot', { virtualmachineid: w.aliceVm.id });
      await alice.ok('registerTemplate', { name: 'alice-tmpl', displaytext: 'alice-tmpl', url: 'http://images.example.org/a.qcow2', format: 'QCOW2', hypervisor: 'Simulator', zoneid: w.sim.zone.id });
      await alice.ok('createSSHKeyPair', { name: 'k1' });
      await alice.ok('registerUserData', { name: 'ud1', userdata: Buffer.from('#!/bin/sh\n').toString('base64') });
      await job(alice, 'createTags', { resourcetype: 'UserVm', resourceids: w.aliceVm.id, 'tags[0].key': 'tier', 'tags[0].value': 'web' });
      const ipOwners = new Map([[ip.id as string, 'alice']]);
      const before = await everything(w.admin, ipOwners);
      for (const [command, ids] of Object.entries(before)) assert.ok(ids.some((id) => id.startsWith('alice:')), `${command} shows alice's ${JSON.stringify(ids)}`);

      const r = await w.admin.job('deleteAccount', { id: w.alice.account.id as string });
      assert.equal(r.jobstatus, 1, JSON.stringify(r.jobresult));

      const afterDelete = await everything(w.admin, ipOwners);
      for (const [command, ids] of Object.entries(afterDelete)) {
        assert.deepEqual(ids.filter((id) => id.startsWith('alice:')), [], command);
        assert.deepEqual(ids, before[command].filter((id) => !id.startsWith('alice:')), `${command}: only alice's went`);
      }
      const vmCpu = Number(w.aliceVm.cpunumber) * Number(w.aliceVm.cpuspeed);
      assert.equal(await allocatedCpu(w.admin), cpuBefore - vmCpu);
      // The address is free: someone else can acquire it.
      const again = await acquire(w.bob.client, w.sim.zone.id, { ipaddress: ip.ipaddress as string });
      assert.equal(again.ipaddress, ip.ipaddress);
    });

    it('deleteDomain cleanup=true removes the VMs and networks of the accounts in it', async () => {
      const domain = (await w.admin.ok('createDomain', { name: 'doomed' })).domain as Body;
      const carol = await createTenant(w.admin, { username: 'carol', domainid: domain.id as string });
      const vm = await w.deploy(carol.client, { name: 'carol-vm' });
      const cpuBefore = await allocatedCpu(w.admin);
      const r = await w.admin.job('deleteDomain', { id: domain.id as string, cleanup: true });
      assert.equal(r.jobstatus, 1, JSON.stringify(r.jobresult));
      assert.equal((await w.admin.ok('listVirtualMachines', { id: vm.id as string, listall: true })).virtualmachine, undefined);
      const networks = ((await w.admin.ok('listNetworks', { listall: true })).network ?? []) as Body[];
      assert.deepEqual(networks.filter((n) => n.account === 'carol'), []);
      assert.deepEqual(((await w.admin.ok('listVolumes', { listall: true })).volume as Body[]).filter((v) => v.account === 'carol'), []);
      assert.equal(await allocatedCpu(w.admin), cpuBefore - Number(vm.cpunumber) * Number(vm.cpuspeed));
    });
  });
}
