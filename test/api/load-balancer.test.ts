import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type DatabaseHandle } from '../../packages/server/src/db/connect.ts';
import { ruleSet } from '../../packages/server/src/network/rules/apply.ts';
import type { Body } from '../support/client.ts';
import { assertListResponse, assertResponseFields } from '../support/fidelity.ts';
import { createTenant } from '../support/identity.ts';
import { acquire, expectError, job, jobError, rulesWorld, type P, type RulesWorld } from '../support/network-rules.ts';
import { testDialects } from '../support/server.ts';

for (const dialect of testDialects()) {
  describe(`load balancer rules [${dialect}]`, () => {
    let w: RulesWorld;
    let handle: DatabaseHandle;
    let ip: Body;
    let vm2: Body;
    before(async () => {
      w = await rulesWorld(dialect);
      handle = openDatabase(w.server.db);
      ip = await acquire(w.alice.client, w.sim.zone.id);
      vm2 = await w.deploy(w.alice.client, { name: 'alice-vm2' });
    });
    after(async () => {
      await handle?.close();
      await w?.server.stop();
    });

    const create = (params: P, client = w.alice.client) =>
      job(client, 'createLoadBalancerRule', { publicipid: ip.id, name: 'web', algorithm: 'roundrobin', publicport: 80, privateport: 8080, ...params }).then((r) => r.loadbalancer as Body);
    const rules = async (params: P = {}, client = w.alice.client) => {
      const body = await client.ok('listLoadBalancerRules', params);
      assertListResponse('listLoadBalancerRules', body);
      return (body.loadbalancerrule ?? []) as Body[];
    };
    const members = async (id: string, params: P = {}) => ((await w.alice.client.ok('listLoadBalancerRuleInstances', { id, ...params })).loadbalancerruleinstance ?? []) as Body[];
    const firewall = async (params: P = {}) => ((await w.alice.client.ok('listFirewallRules', params)).firewallrule ?? []) as Body[];
    /** What the network's router is sent at each change: the whole rule set as the database now holds it. */
    const routerLbs = async () => (await ruleSet(handle.db, w.aliceNetwork.id)).loadBalancers ?? [];
    const guestIp = (vm: Body) => vm.nic[0].ipaddress as string;

    it('balances a public port over VMs of the network, opening it in the firewall', async () => {
      const lb = await create({ description: 'the web tier' });
      assertResponseFields('createLoadBalancerRule', lb);
      assert.equal(lb.name, 'web');
      assert.equal(lb.description, 'the web tier');
      assert.equal(lb.algorithm, 'roundrobin');
      assert.equal(lb.protocol, 'tcp');
      assert.equal(lb.publicport, '80');
      assert.equal(lb.privateport, '8080');
      assert.equal(lb.publicipid, ip.id);
      assert.equal(lb.publicip, ip.ipaddress);
      assert.equal(lb.networkid, w.aliceNetwork.id);
      assert.equal(lb.zoneid, w.sim.zone.id);
      assert.equal(lb.account, 'alice');
      assert.equal(lb.state, 'Active');
      assert.deepEqual((await firewall({ ipaddressid: ip.id })).map((f) => [f.protocol, f.startport, f.endport, f.cidrlist]), [['tcp', 80, 80, '0.0.0.0/0']]);

      await job(w.alice.client, 'assignToLoadBalancerRule', { id: lb.id, virtualmachineids: `${w.aliceVm.id},${vm2.id}` });
      assert.deepEqual((await members(lb.id)).map((m) => m.id).sort(), [w.aliceVm.id, vm2.id].sort());
      assert.deepEqual(await members(lb.id, { applied: false }), []);
      const withIps = await w.alice.client.ok('listLoadBalancerRuleInstances', { id: lb.id, lbvmips: true });
      assertListResponse('listLoadBalancerRuleInstances', withIps);
      const byVm = new Map((withIps.lbrulevmidip as Body[]).map((i) => [i.loadbalancerruleinstance.id, i.lbvmipaddresses]));
      assert.deepEqual(byVm.get(vm2.id), [guestIp(vm2)]);
      const [sent] = await routerLbs();
      assert.deepEqual(
        { ...sent, members: sent.members.map((m) => m.ip).sort() },
        { id: lb.id, publicIp: ip.ipaddress, publicPort: 80, privatePort: 8080, algorithm: 'roundrobin', protocol: 'tcp', sourceCidrs: [], members: [guestIp(w.aliceVm), guestIp(vm2)].sort(), stickiness: undefined, healthCheck: undefined },
      );

      const filters: P[] = [{ id: lb.id }, { name: 'web' }, { publicipid: ip.id }, { networkid: w.aliceNetwork.id }, { virtualmachineid: vm2.id }, { zoneid: w.sim.zone.id }, { keyword: 'we' }];
      for (const filter of filters) assert.deepEqual((await rules(filter)).map((r) => r.id), [lb.id], JSON.stringify(filter));
      assert.equal((await rules({ name: 'db' })).length, 0);
      assert.equal((await rules({ virtualmachineid: w.bobVm.id })).length, 0);
      await job(w.alice.client, 'createTags', { resourcetype: 'LoadBalancer', resourceids: lb.id, 'tags[0].key': 'tier', 'tags[0].value': 'web' });
      const [tagged] = await rules({ 'tags[0].key': 'tier', 'tags[0].value': 'web' });
      assert.deepEqual(tagged.tags.map((t: Body) => [t.key, t.value]), [['tier', 'web']]);

      const updated = (await job(w.alice.client, 'updateLoadBalancerRule', { id: lb.id, algorithm: 'LeastConn', name: 'www', cidrlist: '203.0.113.0/24', protocol: 'tcp-proxy' })).loadbalancer as Body;
      assertResponseFields('updateLoadBalancerRule', updated);
      assert.deepEqual([updated.name, updated.algorithm, updated.protocol, updated.cidrlist, updated.description], ['www', 'leastconn', 'tcp-proxy', '203.0.113.0/24', 'the web tier']);
      const [changed] = await routerLbs();
      assert.deepEqual([changed.algorithm, changed.protocol, changed.sourceCidrs], ['leastconn', 'tcp-proxy', ['203.0.113.0/24']]);

      await job(w.alice.client, 'removeFromLoadBalancerRule', { id: lb.id, virtualmachineids: w.aliceVm.id });
      assert.deepEqual((await members(lb.id)).map((m) => m.id), [vm2.id]);
      assert.deepEqual((await members(lb.id, { applied: false })).map((m) => m.id), [w.aliceVm.id]);
      assert.deepEqual((await routerLbs())[0].members, [{ vmId: vm2.id, ip: guestIp(vm2) }]);
      // vmidipmap names the VM with its address.
      await job(w.alice.client, 'assignToLoadBalancerRule', { id: lb.id, 'vmidipmap[0].vmid': w.aliceVm.id, 'vmidipmap[0].vmip': guestIp(w.aliceVm) });
      assert.equal((await members(lb.id)).length, 2);

      const events = ((await w.alice.client.ok('listEvents', { pagesize: 100 })).event as Body[]).map((e) => e.type);
      for (const type of ['LB.CREATE', 'LB.UPDATE', 'LB.ASSIGN.TO.RULE', 'LB.REMOVE.FROM.RULE']) assert.ok(events.includes(type), type);

      await job(w.alice.client, 'deleteLoadBalancerRule', { id: lb.id });
      assert.equal((await rules()).length, 0);
      assert.equal((await firewall({ ipaddressid: ip.id })).length, 0, 'the firewall rule opened for it went with it');
      assert.deepEqual(await routerLbs(), []);
      assert.ok(((await w.alice.client.ok('listEvents', { type: 'LB.DELETE' })).event as Body[]).length > 0);
    });

    it('keeps one stickiness and one health check policy per rule, nested as CloudStack answers them', async () => {
      const lb = await create({ openfirewall: false });
      assert.equal((await firewall({ ipaddressid: ip.id })).length, 0, 'openfirewall=false');
      const sticky = (await job(w.alice.client, 'createLBStickinessPolicy', { lbruleid: lb.id, name: 'cookie', methodname: 'lbcookie', 'param[0].name': 'cookie-name', 'param[0].value': 'SRV', 'param[1].name': 'nocache' }))
        .stickinesspolicies as Body;
      assertResponseFields('createLBStickinessPolicy', sticky);
      assert.equal(sticky.lbruleid, lb.id);
      assert.equal(sticky.account, 'alice');
      assert.equal(sticky.stickinesspolicy.length, 1);
      const policy = sticky.stickinesspolicy[0] as Body;
      assert.deepEqual([policy.name, policy.methodname, policy.params, policy.state], ['cookie', 'LbCookie', { 'cookie-name': 'SRV', nocache: 'true' }, 'Active']);
      await jobError(w.alice.client, 'createLBStickinessPolicy', { lbruleid: lb.id, name: 'again', methodname: 'SourceBased' }, 537, /already/);
      const listed = await w.alice.client.ok('listLBStickinessPolicies', { lbruleid: lb.id });
      assertListResponse('listLBStickinessPolicies', listed);
      assert.deepEqual(listed.stickinesspolicies[0].stickinesspolicy.map((s: Body) => s.id), [policy.id]);
      assert.equal((await w.alice.client.ok('listLBStickinessPolicies', { id: policy.id })).stickinesspolicies[0].lbruleid, lb.id);

      const check = (await job(w.alice.client, 'createLBHealthCheckPolicy', { lbruleid: lb.id })).healthcheckpolicies as Body;
      assertResponseFields('createLBHealthCheckPolicy', check);
      const hc = check.healthcheckpolicy[0] as Body;
      assert.deepEqual([hc.pingpath, hc.responsetime, hc.healthcheckinterval, hc.healthcheckthresshold, hc.unhealthcheckthresshold], ['/', 2, 5, 2, 10]);
      await jobError(w.alice.client, 'createLBHealthCheckPolicy', { lbruleid: lb.id, pingpath: '/up' }, 537);
      const checks = await w.alice.client.ok('listLBHealthCheckPolicies', { lbruleid: lb.id });
      assertListResponse('listLBHealthCheckPolicies', checks);
      assert.deepEqual(checks.healthcheckpolicies[0].healthcheckpolicy.map((s: Body) => s.id), [hc.id]);

      const [sent] = await routerLbs();
      assert.deepEqual(sent.stickiness, { method: 'LbCookie', params: { 'cookie-name': 'SRV', nocache: 'true' } });
      assert.deepEqual(sent.healthCheck, { pingPath: '/', responseTimeoutSeconds: 2, intervalSeconds: 5, healthyThreshold: 2, unhealthyThreshold: 10 });

      await job(w.alice.client, 'deleteLBStickinessPolicy', { id: policy.id });
      await job(w.alice.client, 'deleteLBHealthCheckPolicy', { id: hc.id });
      assert.deepEqual((await w.alice.client.ok('listLBStickinessPolicies', { lbruleid: lb.id })).stickinesspolicies[0].stickinesspolicy, []);
      assert.equal((await routerLbs())[0].stickiness, undefined);
      const other = (await job(w.alice.client, 'createLBHealthCheckPolicy', { lbruleid: lb.id, pingpath: '/up', responsetimeout: 3, intervaltime: 10, healthythreshold: 1, unhealthythreshold: 3 })).healthcheckpolicies as Body;
      assert.equal(other.healthcheckpolicy[0].pingpath, '/up');
      // Deleting the rule takes its policies with it.
      await job(w.alice.client, 'deleteLoadBalancerRule', { id: lb.id });
      await expectError(w.alice.client, 'listLBHealthCheckPolicies', { lbruleid: lb.id }, 431);
      await jobError(w.alice.client, 'deleteLBHealthCheckPolicy', { id: other.healthcheckpolicy[0].id }, 431);
    });

    it('refuses rules that catch a port already taken, and load balancing with static NAT (537)', async () => {
      const lb = await create({});
      await jobError(w.alice.client, 'createLoadBalancerRule', { publicipid: ip.id, name: 'web2', algorithm: 'source', publicport: 80, privateport: 80 }, 537, /load balancer rule web/);
      await jobError(w.alice.client, 'createPortForwardingRule', { ipaddressid: ip.id, protocol: 'tcp', virtualmachineid: w.aliceVm.id, publicport: 70, publicendport: 90, privateport: 70, privateendport: 90 }, 537, /Load balancer rule web/);
      const udp = (await job(w.alice.client, 'createPortForwardingRule', { ipaddressid: ip.id, protocol: 'udp', virtualmachineid: w.aliceVm.id, publicport: 80, privateport: 80 })).portforwardingrule as Body;
      const forward = (await job(w.alice.client, 'createPortForwardingRule', { ipaddressid: ip.id, protocol: 'tcp', virtualmachineid: w.aliceVm.id, publicport: 2200, publicendport: 2300, privateport: 2200, privateendport: 2300 })).portforwardingrule as Body;
      await jobError(w.alice.client, 'createLoadBalancerRule', { publicipid: ip.id, name: 'ssh', algorithm: 'source', publicport: 2222, privateport: 22 }, 537, /port forwarding rule/);
      await expectError(w.alice.client, 'enableStaticNat', { ipaddressid: ip.id, virtualmachineid: w.aliceVm.id }, 537);
      const nat = await acquire(w.alice.client, w.sim.zone.id);
      await w.alice.client.ok('enableStaticNat', { ipaddressid: nat.id, virtualmachineid: w.aliceVm.id });
      await jobError(w.alice.client, 'createLoadBalancerRule', { publicipid: nat.id, name: 'nat', algorithm: 'source', publicport: 80, privateport: 80 }, 537, /static NAT/);
      await job(w.alice.client, 'disassociateIpAddress', { id: nat.id });
      const next = await create({ name: 'web2', publicport: 81 });
      for (const id of [udp.id, forward.id]) await job(w.alice.client, 'deletePortForwardingRule', { id });
      for (const id of [lb.id, next.id]) await job(w.alice.client, 'deleteLoadBalancerRule', { id });
      const sent = await ruleSet(handle.db, w.aliceNetwork.id);
      assert.deepEqual([sent.loadBalancers, sent.portForwards], [[], []]);
    });

    it('checks its parameters (431)', async () => {
      const base = { publicipid: ip.id, name: 'x', algorithm: 'roundrobin', publicport: 100, privateport: 100 };
      await jobError(w.alice.client, 'createLoadBalancerRule', { ...base, algorithm: 'random' }, 431, /roundrobin, leastconn, source/);
      await jobError(w.alice.client, 'createLoadBalancerRule', { ...base, protocol: 'udp' }, 431, /haproxy/);
      await jobError(w.alice.client, 'createLoadBalancerRule', { ...base, protocol: 'http' }, 431, /tcp, tcp-proxy/);
      await jobError(w.alice.client, 'createLoadBalancerRule', { ...base, publicport: 0 }, 431, /1-65535/);
      await jobError(w.alice.client, 'createLoadBalancerRule', { ...base, privateport: 70000 }, 431, /1-65535/);
      await jobError(w.alice.client, 'createLoadBalancerRule', { ...base, cidrlist: '10.0.0.0/33' }, 431, /CIDR/);
      await jobError(w.alice.client, 'createLoadBalancerRule', { ...base, networkid: crypto.randomUUID() }, 431);
      await jobError(w.alice.client, 'createLoadBalancerRule', { ...base, account: 'bob' }, 431, /account bob/);
      await jobError(w.alice.client, 'createLoadBalancerRule', { name: 'x', algorithm: 'roundrobin', publicport: 100, privateport: 100, networkid: w.aliceNetwork.id }, 431, /publicipid/);
      await jobError(w.alice.client, 'createLoadBalancerRule', { ...base, publicipid: crypto.randomUUID() }, 431);
      assert.equal((await rules()).length, 0);

      const lb = await create({ publicport: 100 });
      await jobError(w.alice.client, 'updateLoadBalancerRule', { id: lb.id, algorithm: 'random' }, 431);
      await jobError(w.alice.client, 'assignToLoadBalancerRule', { id: lb.id }, 431, /virtualmachineids or vmidipmap/);
      await jobError(w.alice.client, 'assignToLoadBalancerRule', { id: lb.id, 'vmidipmap[0].vmid': w.aliceVm.id, 'vmidipmap[0].vmip': '10.200.0.9' }, 431, /vmguestip|address/);
      await jobError(w.alice.client, 'assignToLoadBalancerRule', { id: lb.id, virtualmachineids: crypto.randomUUID() }, 431);
      await jobError(w.alice.client, 'removeFromLoadBalancerRule', { id: lb.id, virtualmachineids: w.aliceVm.id }, 431, /not assigned/);
      await job(w.alice.client, 'assignToLoadBalancerRule', { id: lb.id, virtualmachineids: w.aliceVm.id });
      await jobError(w.alice.client, 'assignToLoadBalancerRule', { id: lb.id, virtualmachineids: w.aliceVm.id }, 431, /already assigned/);
      await jobError(w.alice.client, 'createLBStickinessPolicy', { lbruleid: lb.id, name: 's', methodname: 'Cookie' }, 431, /LbCookie, AppCookie, SourceBased/);
      await jobError(w.alice.client, 'createLBStickinessPolicy', { lbruleid: lb.id, name: 's', methodname: 'SourceBased', 'param[0].name': 'cookie-name', 'param[0].value': 'x' }, 431, /does not take/);
      await jobError(w.alice.client, 'createLBStickinessPolicy', { lbruleid: lb.id, name: 's', methodname: 'AppCookie', 'param[0].name': 'holdtime', 'param[0].value': 'soon' }, 431, /not a time/);
      await jobError(w.alice.client, 'createLBHealthCheckPolicy', { lbruleid: lb.id, intervaltime: 2, responsetimeout: 2 }, 431, /greater than responsetimeout/);
      await jobError(w.alice.client, 'createLBHealthCheckPolicy', { lbruleid: lb.id, pingpath: 'health' }, 431, /pingpath/);
      await expectError(w.alice.client, 'listLBStickinessPolicies', {}, 431, /lbruleid or id/);
      await jobError(w.alice.client, 'deleteLoadBalancerRule', { id: crypto.randomUUID() }, 431);
      await job(w.alice.client, 'deleteLoadBalancerRule', { id: lb.id });
    });

    it('keeps tenants apart: no rule on another\'s address, no other\'s VM behind a rule, nothing seen (531)', async () => {
      await jobError(w.bob.client, 'createLoadBalancerRule', { publicipid: ip.id, name: 'b', algorithm: 'source', publicport: 90, privateport: 90 }, 531);
      const lb = await create({ publicport: 90 });
      await jobError(w.alice.client, 'assignToLoadBalancerRule', { id: lb.id, virtualmachineids: w.bobVm.id }, 531);
      await jobError(w.bob.client, 'assignToLoadBalancerRule', { id: lb.id, virtualmachineids: w.bobVm.id }, 531);
      assert.equal((await rules({}, w.bob.client)).length, 0);
      assert.equal((await rules({ id: lb.id }, w.bob.client)).length, 0);
      assert.equal((await rules({ listall: true }, w.admin)).length, 1);
      await expectError(w.bob.client, 'listLoadBalancerRuleInstances', { id: lb.id }, 531);
      await expectError(w.bob.client, 'listLBStickinessPolicies', { lbruleid: lb.id }, 531);
      await jobError(w.bob.client, 'createLBHealthCheckPolicy', { lbruleid: lb.id }, 531);
      await jobError(w.bob.client, 'updateLoadBalancerRule', { id: lb.id, name: 'mine' }, 531);
      await jobError(w.bob.client, 'deleteLoadBalancerRule', { id: lb.id }, 531);
      await job(w.alice.client, 'deleteLoadBalancerRule', { id: lb.id });
    });

    it('rolls a change back when the router\'s host cannot take it', async () => {
      const lb = await create({ publicport: 443, privateport: 443 });
      const host = w.sim.hosts[0].id as string;
      await w.admin.ok('configureSimulatorHost', { hostid: host, down: true });
      try {
        await jobError(w.alice.client, 'createLoadBalancerRule', { publicipid: ip.id, name: 'alt', algorithm: 'source', publicport: 8443, privateport: 443 }, 534);
        await jobError(w.alice.client, 'assignToLoadBalancerRule', { id: lb.id, virtualmachineids: w.aliceVm.id }, 534);
        await jobError(w.alice.client, 'createLBStickinessPolicy', { lbruleid: lb.id, name: 's', methodname: 'SourceBased' }, 534);
        await jobError(w.alice.client, 'deleteLoadBalancerRule', { id: lb.id }, 534);
      } finally {
        await w.admin.ok('configureSimulatorHost', { hostid: host, down: false });
      }
      assert.deepEqual((await rules()).map((r) => [r.id, r.state]), [[lb.id, 'Active']]);
      assert.deepEqual(await members(lb.id), []);
      assert.deepEqual((await w.alice.client.ok('listLBStickinessPolicies', { lbruleid: lb.id })).stickinesspolicies[0].stickinesspolicy, []);
      assert.deepEqual((await firewall({ ipaddressid: ip.id })).map((f) => f.startport), [443]);
      await job(w.alice.client, 'deleteLoadBalancerRule', { id: lb.id });
    });

    it('drops a destroyed or expunged VM from its rules, and removes rules with their address or their account', async () => {
      const lb = await create({ publicport: 8000 });
      const [doomed, destroyed] = [await w.deploy(w.alice.client, { name: 'alice-doomed' }), await w.deploy(w.alice.client, { name: 'alice-destroyed' })];
      await job(w.alice.client, 'assignToLoadBalancerRule', { id: lb.id, virtualmachineids: `${doomed.id},${destroyed.id},${vm2.id}` });
      await job(w.alice.client, 'stopVirtualMachine', { id: vm2.id });
      await job(w.admin, 'destroyVirtualMachine', { id: doomed.id, expunge: true });
      await job(w.alice.client, 'destroyVirtualMachine', { id: destroyed.id });
      assert.deepEqual((await members(lb.id)).map((m) => m.id), [vm2.id], 'a stopped VM stays: health checks judge it');
      assert.deepEqual((await routerLbs())[0].members.map((m) => m.vmId), [vm2.id]);
      await jobError(w.alice.client, 'assignToLoadBalancerRule', { id: lb.id, virtualmachineids: destroyed.id }, 431, /only Running or Stopped/);
      await job(w.alice.client, 'startVirtualMachine', { id: vm2.id });

      const other = await acquire(w.alice.client, w.sim.zone.id);
      const onOther = await create({ publicipid: other.id, publicport: 80 });
      await job(w.alice.client, 'createLBHealthCheckPolicy', { lbruleid: onOther.id });
      await job(w.alice.client, 'disassociateIpAddress', { id: other.id });
      assert.deepEqual((await rules()).map((r) => r.id), [lb.id]);
      assert.deepEqual((await routerLbs()).map((l) => l.id), [lb.id]);
      assert.equal((await handle.db.selectFrom('load_balancer_policy').select('id').execute()).length, 0);
      await job(w.alice.client, 'deleteLoadBalancerRule', { id: lb.id });

      const carol = await createTenant(w.admin, { username: 'carol' });
      const carolVm = await w.deploy(carol.client);
      const carolIp = await acquire(carol.client, w.sim.zone.id);
      const carolLb = (await job(carol.client, 'createLoadBalancerRule', { publicipid: carolIp.id, name: 'c', algorithm: 'source', publicport: 80, privateport: 80 })).loadbalancer as Body;
      await job(carol.client, 'assignToLoadBalancerRule', { id: carolLb.id, virtualmachineids: carolVm.id });
      await job(w.admin, 'deleteAccount', { id: carol.account.id as string });
      for (const table of ['load_balancer_rule', 'load_balancer_vm'] as const) {
        assert.equal((await handle.db.selectFrom(table).selectAll().execute()).length, 0, table);
      }
    });
  });
}
