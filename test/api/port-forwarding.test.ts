import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Body } from '../support/client.ts';
import { assertListResponse, assertResponseFields } from '../support/fidelity.ts';
import { acquire, job, jobError, rulesWorld, type RulesWorld } from '../support/network-rules.ts';
import { testDialects } from '../support/server.ts';

for (const dialect of testDialects()) {
  describe(`port forwarding rules [${dialect}]`, () => {
    let w: RulesWorld;
    let ip: Body;
    before(async () => {
      w = await rulesWorld(dialect);
      ip = await acquire(w.alice.client, w.sim.zone.id);
    });
    after(() => w?.server.stop());

    const forward = (params: Record<string, string | number | boolean>, client = w.alice.client) =>
      job(client, 'createPortForwardingRule', { ipaddressid: ip.id, protocol: 'tcp', virtualmachineid: w.aliceVm.id, ...params }).then((r) => r.portforwardingrule as Body);
    const rules = async (params: Record<string, string | boolean> = {}, client = w.alice.client) => {
      const body = await client.ok('listPortForwardingRules', params);
      assertListResponse('listPortForwardingRules', body);
      return (body.portforwardingrule ?? []) as Body[];
    };
    const firewall = async (params: Record<string, string> = {}) => ((await w.alice.client.ok('listFirewallRules', params)).firewallrule ?? []) as Body[];

    it('forwards a public port to a VM and opens it in the firewall', async () => {
      const rule = await forward({ publicport: 2222, privateport: 22 });
      assertResponseFields('createPortForwardingRule', rule);
      assert.equal(rule.protocol, 'tcp');
      assert.equal(rule.publicport, '2222');
      assert.equal(rule.publicendport, '2222');
      assert.equal(rule.privateport, '22');
      assert.equal(rule.privateendport, '22');
      assert.equal(rule.ipaddress, ip.ipaddress);
      assert.equal(rule.ipaddressid, ip.id);
      assert.equal(rule.virtualmachineid, w.aliceVm.id);
      assert.equal(rule.virtualmachinename, 'alice-vm');
      assert.equal(rule.vmguestip, w.aliceVm.nic[0].ipaddress);
      assert.equal(rule.networkid, w.aliceNetwork.id);
      assert.equal(rule.state, 'Active');
      const opened = await firewall({ ipaddressid: ip.id });
      assert.deepEqual(opened.map((f) => [f.protocol, f.startport, f.endport, f.cidrlist]), [['tcp', 2222, 2222, '0.0.0.0/0']]);
      assert.deepEqual((await rules()).map((r) => r.id), [rule.id]);
      const filters: Record<string, string>[] = [{ id: rule.id }, { ipaddressid: ip.id }, { networkid: w.aliceNetwork.id }];
      for (const filter of filters) {
        assert.equal((await rules(filter)).length, 1, JSON.stringify(filter));
      }
      assert.equal((await w.alice.client.ok('listPublicIpAddresses', { id: ip.id })).publicipaddress[0].hasrules, true);
      // Deleting the forward closes the port it opened.
      await job(w.alice.client, 'deletePortForwardingRule', { id: rule.id });
      assert.equal((await rules()).length, 0);
      assert.equal((await firewall({ ipaddressid: ip.id })).length, 0);
    });

    it('takes port ranges, udp, the guest address and openfirewall=false', async () => {
      const range = await forward({ publicport: 8000, publicendport: 8010, privateport: 9000, privateendport: 9010, openfirewall: false, vmguestip: w.aliceVm.nic[0].ipaddress });
      assert.equal(range.publicendport, '8010');
      assert.equal(range.privateendport, '9010');
      assert.equal((await firewall({ ipaddressid: ip.id })).length, 0);
      const udp = await forward({ protocol: 'UDP', publicport: 8005, privateport: 53 });
      assert.equal(udp.protocol, 'udp');
      await job(w.alice.client, 'deletePortForwardingRule', { id: range.id });
      await job(w.alice.client, 'deletePortForwardingRule', { id: udp.id });
    });

    it('refuses forwards that conflict with one in place (537)', async () => {
      const rule = await forward({ publicport: 80, publicendport: 90, privateport: 80, privateendport: 90 });
      await jobError(w.alice.client, 'createPortForwardingRule', { ipaddressid: ip.id, protocol: 'tcp', virtualmachineid: w.aliceVm.id, publicport: 85, privateport: 85 }, 537, /conflicts/);
      await jobError(w.alice.client, 'createPortForwardingRule', { ipaddressid: ip.id, protocol: 'tcp', virtualmachineid: w.aliceVm.id, publicport: 70, publicendport: 80, privateport: 70, privateendport: 80 }, 537);
      assert.equal((await rules()).length, 1);
      const next = await forward({ publicport: 91, privateport: 91 });
      await job(w.alice.client, 'deletePortForwardingRule', { id: rule.id });
      await job(w.alice.client, 'deletePortForwardingRule', { id: next.id });
    });

    it('lets one of many racing forwards of the same port win', async () => {
      const params = { ipaddressid: ip.id, protocol: 'tcp', virtualmachineid: w.aliceVm.id, publicport: 5000, privateport: 5000 };
      const results = await Promise.all(Array.from({ length: 8 }, () => w.alice.client.job('createPortForwardingRule', params)));
      const won = results.filter((r) => r.jobstatus === 1);
      assert.equal(won.length, 1);
      assert.deepEqual(new Set(results.filter((r) => r.jobstatus !== 1).map((r) => r.jobresult.errorcode)), new Set([537]));
      await job(w.alice.client, 'deletePortForwardingRule', { id: won[0].jobresult.portforwardingrule.id });
      assert.equal((await firewall()).length, 0);
    });

    it('checks its parameters', async () => {
      const base = { ipaddressid: ip.id, protocol: 'tcp', virtualmachineid: w.aliceVm.id, publicport: 100, privateport: 100 };
      await jobError(w.alice.client, 'createPortForwardingRule', { ...base, protocol: 'icmp' }, 431, /Invalid protocol/);
      await jobError(w.alice.client, 'createPortForwardingRule', { ...base, publicendport: 105 }, 431, /differ in size/);
      await jobError(w.alice.client, 'createPortForwardingRule', { ...base, publicport: 0 }, 431, /1-65535/);
      await jobError(w.alice.client, 'createPortForwardingRule', { ...base, vmguestip: '10.200.0.9' }, 431, /vmguestip/);
      await jobError(w.alice.client, 'createPortForwardingRule', { ...base, networkid: crypto.randomUUID() }, 431);
      await jobError(w.alice.client, 'createPortForwardingRule', { ...base, ipaddressid: crypto.randomUUID() }, 431);
      await jobError(w.alice.client, 'deletePortForwardingRule', { id: crypto.randomUUID() }, 431);
      const nat = await acquire(w.alice.client, w.sim.zone.id);
      await w.alice.client.ok('enableStaticNat', { ipaddressid: nat.id, virtualmachineid: w.aliceVm.id });
      await jobError(w.alice.client, 'createPortForwardingRule', { ...base, ipaddressid: nat.id }, 537, /static NAT/);
      await job(w.alice.client, 'disassociateIpAddress', { id: nat.id });
      assert.equal((await rules()).length, 0);
    });

    it('keeps tenants apart: no forward from another\'s address or to another\'s VM (531)', async () => {
      await jobError(w.bob.client, 'createPortForwardingRule', { ipaddressid: ip.id, protocol: 'tcp', virtualmachineid: w.bobVm.id, publicport: 22, privateport: 22 }, 531);
      await jobError(w.alice.client, 'createPortForwardingRule', { ipaddressid: ip.id, protocol: 'tcp', virtualmachineid: w.bobVm.id, publicport: 22, privateport: 22 }, 531);
      const rule = await forward({ publicport: 22, privateport: 22 });
      assert.equal((await rules({}, w.bob.client)).length, 0);
      assert.equal((await rules({ listall: true }, w.admin)).length, 1);
      await jobError(w.bob.client, 'deletePortForwardingRule', { id: rule.id }, 531);
      await job(w.alice.client, 'deletePortForwardingRule', { id: rule.id });
    });

    it('rolls a forward back when the router\'s host cannot take it, and removes forwards with their address', async () => {
      await w.admin.ok('configureSimulatorHost', { hostid: w.sim.hosts[0].id, down: true });
      try {
        await jobError(w.alice.client, 'createPortForwardingRule', { ipaddressid: ip.id, protocol: 'tcp', virtualmachineid: w.aliceVm.id, publicport: 443, privateport: 443 }, 534);
      } finally {
        await w.admin.ok('configureSimulatorHost', { hostid: w.sim.hosts[0].id, down: false });
      }
      assert.equal((await rules()).length, 0);
      assert.equal((await firewall()).length, 0);
      const other = await acquire(w.alice.client, w.sim.zone.id);
      await job(w.alice.client, 'createPortForwardingRule', { ipaddressid: other.id, protocol: 'tcp', virtualmachineid: w.aliceVm.id, publicport: 443, privateport: 443 });
      await job(w.alice.client, 'disassociateIpAddress', { id: other.id });
      assert.equal((await rules()).length, 0);
      assert.equal((await firewall()).length, 0);
    });
  });
}
