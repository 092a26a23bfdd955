import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiClient, Body } from '../support/client.ts';
import { acquire, rulesWorld, type P, type RulesWorld } from '../support/network-rules.ts';
import { testDialects } from '../support/server.ts';

/** Starts an async create: its first answer must carry the new resource's id beside the jobid, the id the job's result has. */
async function created(client: ApiClient, command: string, params: P, resultKey: string): Promise<Body> {
  const first = await client.call(command, params);
  assert.equal(first.status, 200, first.raw);
  assert.match(first.body.jobid as string, /^[0-9a-f-]{36}$/);
  assert.match(first.body.id as string, /^[0-9a-f-]{36}$/, `${command} answers without id: ${first.raw}`);
  const done = await client.waitForJob(first.body.jobid as string);
  assert.equal(done.jobstatus, 1, `${command}: ${JSON.stringify(done.jobresult)}`);
  const resource = done.jobresult[resultKey] as Body;
  assert.equal(resource.id, first.body.id, command);
  assert.equal(done.jobinstanceid, first.body.id, `${command}: jobinstanceid`);
  return resource;
}

for (const dialect of testDialects()) {
  describe(`async creates answer with the new resource's id [${dialect}]`, () => {
    let w: RulesWorld;
    before(async () => {
      w = await rulesWorld(dialect);
    });
    after(() => w?.server.stop());

    it('deployVirtualMachine, createVolume, createSnapshot, createVMSnapshot and the rule creates', async () => {
      const alice = w.alice.client;
      const vm = await created(alice, 'deployVirtualMachine', { zoneid: w.sim.zone.id, serviceofferingid: w.sim.offering.id, templateid: w.sim.template.id, name: 'early' }, 'virtualmachine');
      assert.equal(((await alice.ok('listVirtualMachines', { id: vm.id as string })).virtualmachine as Body[])[0].name, 'early');
      const small = ((await alice.ok('listDiskOfferings', { name: 'Small' })).diskoffering as Body[])[0];
      const volume = await created(alice, 'createVolume', { name: 'd1', zoneid: w.sim.zone.id, diskofferingid: small.id as string }, 'volume');
      await created(alice, 'createSnapshot', { volumeid: volume.id as string }, 'snapshot');
      await created(alice, 'createVMSnapshot', { virtualmachineid: vm.id as string }, 'vmsnapshot');
      const ip = await acquire(alice, w.sim.zone.id);
      await created(alice, 'createPortForwardingRule', { ipaddressid: ip.id as string, protocol: 'tcp', publicport: 2222, privateport: 22, virtualmachineid: vm.id as string }, 'portforwardingrule');
      await created(alice, 'createFirewallRule', { ipaddressid: ip.id as string, protocol: 'tcp', startport: 443, cidrlist: '10.0.0.0/8' }, 'firewallrule');
      await created(alice, 'createEgressFirewallRule', { networkid: w.aliceNetwork.id as string, protocol: 'tcp', startport: 80 }, 'firewallrule');
    });

    it('a deploy that fails still named its id first, and nothing has it', async () => {
      const first = await w.alice.client.call('deployVirtualMachine', { zoneid: w.sim.zone.id, serviceofferingid: w.sim.offering.id, templateid: w.sim.template.id, name: 'early' });
      assert.equal(first.status, 200, first.raw);
      const done = await w.alice.client.waitForJob(first.body.jobid as string);
      assert.equal(done.jobstatus, 2, JSON.stringify(done.jobresult));
      // CloudStack's failed job result: its ExceptionResponse, uuidList always present, no cserrorcode.
      assert.deepEqual(Object.keys(done.jobresult).sort(), ['errorcode', 'errortext', 'uuidList'], JSON.stringify(done.jobresult));
      assert.deepEqual(done.jobresult.uuidList, []);
      assert.equal((await w.admin.ok('listVirtualMachines', { id: first.body.id as string, listall: true })).virtualmachine, undefined);
    });
  });
}
