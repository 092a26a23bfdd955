import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Body } from '../support/client.ts';
import { assertListResponse, assertResponseFields } from '../support/fidelity.ts';
import { acquire, job, jobError, rulesWorld, type RulesWorld } from '../support/network-rules.ts';
import { testDialects } from '../support/server.ts';

for (const dialect of testDialects()) {
  describe(`firewall and egress firewall rules [${dialect}]`, () => {
    let w: RulesWorld;
    let ip: Body;
    before(async () => {
      w = await rulesWorld(dialect);
      ip = await acquire(w.alice.client, w.sim.zone.id);
    });
    after(() => w?.server.stop());

    const open = (params: Record<string, string | number>, client = w.alice.client) =>
      job(client, 'createFirewallRule', { ipaddressid: ip.id, ...params }).then((r) => r.firewallrule as Body);
    const list = async (command: string, params: Record<string, string | boolean> = {}, client = w.alice.client) => {
      const body = await client.ok(command, params);
      assertListResponse(command, body);
      return (body.firewallrule ?? []) as Body[];
    };

    it('opens tcp ports, icmp and all protocols on a public address to source CIDRs', async () => {
      const ssh = await open({ protocol: 'TCP', startport: 22, cidrlist: '203.0.113.0/24,198.18.0.0/15' });
      assertResponseFields('createFirewallRule', ssh);
      assert.equal(ssh.protocol, 'tcp');
      assert.equal(ssh.startport, 22);
      assert.equal(ssh.endport, 22);
      assert.equal(ssh.cidrlist, '203.0.113.0/24,198.18.0.0/15');
      assert.equal(ssh.ipaddress, ip.ipaddress);
      assert.equal(ssh.networkid, w.aliceNetwork.id);
      assert.equal(ssh.traffictype, 'Ingress');
      assert.equal(ssh.state, 'Active');
      const ping = await open({ protocol: 'icmp', icmptype: 8, icmpcode: 0 });
      assert.equal(ping.icmptype, 8);
      assert.equal(ping.icmpcode, 0);
      assert.equal(ping.cidrlist, '0.0.0.0/0');
      const anyIcmp = await open({ protocol: 'icmp', cidrlist: '10.0.0.0/8' });
      assert.equal(anyIcmp.icmptype, -1);
      const all = await open({ protocol: 'all', cidrlist: '192.0.2.0/24' });
      assert.equal(all.startport, undefined);
      assert.deepEqual((await list('listFirewallRules', { ipaddressid: ip.id })).map((r) => r.id), [ssh.id, ping.id, anyIcmp.id, all.id]);
      assert.equal((await list('listFirewallRules', { id: ping.id })).length, 1);
      assert.equal((await list('listFirewallRules', { networkid: w.aliceNetwork.id })).length, 4);
      for (const r of [ssh, ping, anyIcmp, all]) await job(w.alice.client, 'deleteFirewallRule', { id: r.id });
      assert.equal((await list('listFirewallRules')).length, 0);
    });

    it('refuses rules that conflict with one in place (537), not those for other sources', async () => {
      const web = await open({ protocol: 'tcp', startport: 80, endport: 90 });
      await jobError(w.alice.client, 'createFirewallRule', { ipaddressid: ip.id, protocol: 'tcp', startport: 85, endport: 100 }, 537, /conflicts/);
      await jobError(w.alice.client, 'createFirewallRule', { ipaddressid: ip.id, protocol: 'all' }, 537);
      const udp = await open({ protocol: 'udp', startport: 80 });
      const narrow = await open({ protocol: 'tcp', startport: 80, cidrlist: '10.1.0.0/16' });
      for (const r of [web, udp, narrow]) await job(w.alice.client, 'deleteFirewallRule', { id: r.id });
    });

    it('checks its parameters', async () => {
      const base = { ipaddressid: ip.id };
      await jobError(w.alice.client, 'createFirewallRule', { ...base, protocol: 'gre' }, 431, /Invalid protocol/);
      await jobError(w.alice.client, 'createFirewallRule', { ...base, protocol: 'icmp', startport: 1 }, 431, /can't be given/);
      await jobError(w.alice.client, 'createFirewallRule', { ...base, protocol: 'tcp', startport: 22, icmptype: 8 }, 431, /icmp only/);
      await jobError(w.alice.client, 'createFirewallRule', { ...base, protocol: 'tcp', startport: 30, endport: 20 }, 431, /lower/);
      await jobError(w.alice.client, 'createFirewallRule', { ...base, protocol: 'tcp', startport: 22, cidrlist: '10.0.0.0/40' }, 431, /Invalid CIDR/);
      await jobError(w.alice.client, 'createFirewallRule', { ipaddressid: crypto.randomUUID(), protocol: 'tcp', startport: 22 }, 431);
      await jobError(w.alice.client, 'deleteFirewallRule', { id: crypto.randomUUID() }, 431);
    });

    it('keeps tenants apart (531)', async () => {
      await jobError(w.bob.client, 'createFirewallRule', { ipaddressid: ip.id, protocol: 'tcp', startport: 22 }, 531);
      const rule = await open({ protocol: 'tcp', startport: 22 });
      assert.equal((await list('listFirewallRules', {}, w.bob.client)).length, 0);
      assert.equal((await list('listFirewallRules', { ipaddressid: ip.id }, w.bob.client)).length, 0);
      await jobError(w.bob.client, 'deleteFirewallRule', { id: rule.id }, 531);
      // An ingress rule is not an egress rule: each delete finds only its own kind.
      await jobError(w.alice.client, 'deleteEgressFirewallRule', { id: rule.id }, 431);
      await job(w.alice.client, 'deleteFirewallRule', { id: rule.id });
      await jobError(w.bob.client, 'createEgressFirewallRule', { networkid: w.aliceNetwork.id, protocol: 'tcp', startport: 80 }, 531);
    });

    it('rules a network\'s outgoing traffic with egress rules', async () => {
      const egress = (params: Record<string, string | number>) =>
        job(w.alice.client, 'createEgressFirewallRule', { networkid: w.aliceNetwork.id, ...params }).then((r) => r.firewallrule as Body);
      const web = await egress({ protocol: 'tcp', startport: 443, destcidrlist: '192.0.2.0/24' });
      assertResponseFields('createEgressFirewallRule', web);
      assert.equal(web.traffictype, 'Egress');
      assert.equal(web.cidrlist, w.aliceNetwork.cidr);
      assert.equal(web.destcidrlist, '192.0.2.0/24');
      assert.equal(web.ipaddressid, undefined);
      const dns = await egress({ protocol: 'udp', startport: 53, cidrlist: '10.1.1.0/25' });
      await jobError(w.alice.client, 'createEgressFirewallRule', { networkid: w.aliceNetwork.id, protocol: 'tcp', startport: 400, endport: 500, destcidrlist: '192.0.2.0/24' }, 537);
      assert.deepEqual((await list('listEgressFirewallRules', { networkid: w.aliceNetwork.id })).map((r) => r.id), [web.id, dns.id]);
      assert.equal((await list('listFirewallRules', { networkid: w.aliceNetwork.id })).length, 0);
      assert.equal((await list('listEgressFirewallRules', {}, w.bob.client)).length, 0);
      await jobError(w.alice.client, 'createEgressFirewallRule', { networkid: w.aliceNetwork.id, protocol: 'tcp', startport: 1, destcidrlist: 'nope' }, 431, /destcidrlist/);
      await jobError(w.bob.client, 'deleteEgressFirewallRule', { id: web.id }, 531);
      await job(w.alice.client, 'deleteEgressFirewallRule', { id: web.id });
      await job(w.alice.client, 'deleteEgressFirewallRule', { id: dns.id });
      assert.equal((await list('listEgressFirewallRules')).length, 0);
    });

    it('rolls a rule back when the router\'s host cannot take it', async () => {
      await w.admin.ok('configureSimulatorHost', { hostid: w.sim.hosts[0].id, down: true });
      try {
        await jobError(w.alice.client, 'createFirewallRule', { ipaddressid: ip.id, protocol: 'tcp', startport: 25 }, 534, /unreachable/);
        await jobError(w.alice.client, 'createEgressFirewallRule', { networkid: w.aliceNetwork.id, protocol: 'all' }, 534);
      } finally {
        await w.admin.ok('configureSimulatorHost', { hostid: w.sim.hosts[0].id, down: false });
      }
      assert.equal((await list('listFirewallRules')).length, 0);
      assert.equal((await list('listEgressFirewallRules')).length, 0);
    });
  });
}
