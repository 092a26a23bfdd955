import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TestAgent } from '../support/agent.ts';
import type { ApiClient, Body } from '../support/client.ts';
import { waitFor } from '../support/compute.ts';
import { createTenant, type TenantAccount } from '../support/identity.ts';
import { startKvmCloud, type KvmCloud, type KvmZone } from '../support/kvm.ts';

// Guest networking with real packets: two tenants' isolated networks on a KVM host, the router's metadata service,
// DNS, source and static NAT, port forwards opened by firewall rules, egress rules, isolation between the tenants, an
// open connection kept through a rule change, a rebuild from nothing, router health, and a load balancer with a health
// check. "The outside" is the public bridge in the agent's namespace, which holds the public range's gateway address.

const BOOT_MS = 120_000;

describe('KVM guest networking: real packets', { timeout: 600_000 }, () => {
  let cloud: KvmCloud;
  let agent: TestAgent;
  let admin: ApiClient;
  let zone: KvmZone;
  let prefix: string;
  let alice: TenantAccount;
  let bob: TenantAccount;
  let key: string;
  const children: ChildProcess[] = [];

  before(async () => {
    cloud = await startKvmCloud({ pingInterval: 2, publicRange: true });
    ({ admin, zone, prefix } = cloud);
    [agent] = cloud.agents;
    // The router hands each VM's password to its guest (CloudStack's password server): the template takes one.
    await admin.ok('updateTemplate', { id: zone.template.id, passwordenabled: true });
    alice = await createTenant(admin, { username: 'alice' });
    bob = await createTenant(admin, { username: 'bob' });
    key = join(cloud.dir, 'id_ed25519');
    execFileSync('dropbearkey', ['-t', 'ed25519', '-f', key], { stdio: 'ignore' });
  });

  after(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await cloud?.stop();
  });

  const routerNs = (networkId: string) => `${prefix}r-${networkId.replace(/-/g, '').slice(0, 8)}`;
  const inNs = (ns: string, args: string[], timeoutMs = 15_000) => execFileSync('ip', ['netns', 'exec', ns, ...args], { timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  const tries = (f: () => string): string | undefined => {
    try {
      return f();
    } catch {
      return undefined;
    }
  };
  const serial = (instance: string) => tries(() => readFileSync(join(agent.stateDir, 'run', `${instance}.log`), 'utf8')) ?? '';
  const deploy = async (client: ApiClient, name: string, extra: Record<string, string> = {}): Promise<Body> => {
    const job = await client.job('deployVirtualMachine', { zoneid: zone.zone.id, templateid: zone.template.id, serviceofferingid: zone.offering.id, name, ...extra }, BOOT_MS);
    assert.equal(job.jobstatus, 1, JSON.stringify(job.jobresult));
    const vm = job.jobresult.virtualmachine as Body;
    // Tenants are not shown instance names: ask as the admin.
    const [{ instancename }] = (await admin.ok('listVirtualMachines', { id: vm.id, listall: true })).virtualmachine as Body[];
    await waitFor(`${name} to boot`, async () => (/NIMBUS-READY/.test(serial(instancename)) ? true : undefined), BOOT_MS);
    return vm;
  };
  // busybox wget's -T crashes in Debian's busybox 1.35: commands in guests are bounded with timeout(1) instead.
  /** Runs a command in a guest over SSH (dropbear's client, from its router's namespace, with the key it was given). */
  const inGuest = (vm: Body, command: string) => inNs(routerNs(vm.nic[0].networkid), ['dbclient', '-y', '-y', '-i', key, `root@${vm.nic[0].ipaddress}`, command], 30_000);

  it('gives a guest its user data, SSH key and password from the router, and NATs it to the outside with its source NAT address', async () => {
    const publicKey = execFileSync('dropbearkey', ['-y', '-f', key]).toString().split('\n').find((l) => l.startsWith('ssh-')) as string;
    await alice.client.ok('registerSSHKeyPair', { name: 'k1', publickey: publicKey });
    const vm = await deploy(alice.client, 'alice-web', { keypair: 'k1', userdata: Buffer.from('hello from user data\n').toString('base64') });
    const out = await waitFor('SSH into the guest', async () => tries(() => inGuest(vm, 'cat /run/user-data; hostname')), 60_000);
    assert.match(out, /^hello from user data$/m);
    assert.match(out, /^alice-web$/m);
    assert.ok(vm.password, 'a password-enabled template gives the VM a password');
    const login = () => execFileSync('ip', ['netns', 'exec', routerNs(vm.nic[0].networkid), 'dbclient', '-y', '-y', `root@${vm.nic[0].ipaddress}`, 'echo via-password'], { env: { ...process.env, DROPBEAR_PASSWORD: vm.password }, timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
    assert.match(await waitFor('a login with the password the API gave', async () => tries(login), 30_000), /via-password/);

    // Implementing the network gave it its source NAT address: no associateIpAddress is needed to reach out.
    const snat = ((await alice.client.ok('listPublicIpAddresses', { issourcenat: true })).publicipaddress as Body[])[0];
    assert.ok(snat, 'the network got a source NAT address when it was implemented');
    // A server on the public side that answers with the address it sees the request coming from.
    const echo = spawn('ip', ['netns', 'exec', agent.netns, 'node', '-e', "require('http').createServer((q,s)=>s.end(q.socket.remoteAddress.replace('::ffff:',''))).listen(9999,'198.51.100.1')"], { stdio: 'ignore' });
    children.push(echo);
    const seen = await waitFor('the guest to reach the outside', async () => tries(() => inGuest(vm, 'timeout 5 wget -q -O - http://198.51.100.1:9999/')) || undefined, 30_000);
    assert.equal(seen.trim(), snat.ipaddress, 'the outside sees the source NAT address');
    const ip = (await alice.client.job('associateIpAddress', { zoneid: zone.zone.id }, 60_000)).jobresult.ipaddress as Body;
    assert.equal(ip.issourcenat, false, 'the first address asked for is a second one');
  });

  it('opens a port forward to the public side only once a firewall rule allows it', async () => {
    const [vm] = (await alice.client.ok('listVirtualMachines', { name: 'alice-web' })).virtualmachine as Body[];
    const ips = (await alice.client.ok('listPublicIpAddresses', { issourcenat: false })).publicipaddress as Body[];
    const ip = ips[0];
    const pf = await alice.client.job('createPortForwardingRule', { ipaddressid: ip.id, protocol: 'tcp', publicport: 8080, privateport: 80, virtualmachineid: vm.id, openfirewall: false }, 60_000);
    assert.equal(pf.jobstatus, 1, JSON.stringify(pf.jobresult));
    const fromOutside = () => tries(() => inNs(agent.netns, ['curl', '-s', '-m', '3', `http://${ip.ipaddress}:8080/`]));
    assert.equal(fromOutside() ?? '', '', 'closed without a firewall rule');
    const fw = await alice.client.job('createFirewallRule', { ipaddressid: ip.id, protocol: 'tcp', startport: 8080, endport: 8080, cidrlist: '0.0.0.0/0' }, 60_000);
    assert.equal(fw.jobstatus, 1, JSON.stringify(fw.jobresult));
    const page = await waitFor('the port forward to answer', async () => fromOutside() || undefined, 20_000);
    assert.match(page, /hello from alice-web/);
  });

  it('keeps one tenant\'s guests from another\'s, by private address or otherwise', async () => {
    const offering = ((await admin.ok('listNetworkOfferings', {})).networkoffering as Body[]).find((o) => o.name === 'DefaultIsolatedNetworkOfferingWithSourceNatService') as Body;
    const net = (await bob.client.ok('createNetwork', { zoneid: zone.zone.id, name: 'bob-net', displaytext: 'bob', networkofferingid: offering.id, gateway: '10.2.2.1', netmask: '255.255.255.0' })).network as Body;
    const bobVm = await deploy(bob.client, 'bob-web', { networkids: net.id });
    assert.match(tries(() => inNs(routerNs(net.id), ['curl', '-s', '-m', '3', `http://${bobVm.nic[0].ipaddress}/`])) ?? '', /hello from bob-web/);
    const [aliceVm] = (await alice.client.ok('listVirtualMachines', { name: 'alice-web' })).virtualmachine as Body[];
    const reached = tries(() => inGuest(aliceVm, `timeout 5 wget -q -O - http://${bobVm.nic[0].ipaddress}/`));
    assert.ok(!reached || !/bob-web/.test(reached), 'alice\'s guest does not reach bob\'s by its private address');
  });

  it('resolves another guest by name, reaches a guest through static NAT, and lets an egress rule block its port', async () => {
    const db = await deploy(alice.client, 'alice-db', { keypair: 'k1' });
    const [web] = (await alice.client.ok('listVirtualMachines', { name: 'alice-web' })).virtualmachine as Body[];
    const lookup = await waitFor('a name lookup through the router', async () => tries(() => inGuest(web, 'ping -c 1 -W 2 alice-db 2>&1; cat /etc/resolv.conf')) || undefined, 30_000);
    assert.ok(lookup.includes(`(${db.nic[0].ipaddress})`), lookup);
    const meta = tries(() => inGuest(web, 'timeout 5 wget -q -O - http://data-server/latest/meta-data/local-hostname')) ?? '';
    assert.equal(meta.trim(), 'alice-web', 'data-server names the router and its metadata service');

    const ip = (await alice.client.job('associateIpAddress', { zoneid: zone.zone.id }, 60_000)).jobresult.ipaddress as Body;
    await alice.client.ok('enableStaticNat', { ipaddressid: ip.id, virtualmachineid: db.id });
    await alice.client.job('createFirewallRule', { ipaddressid: ip.id, protocol: 'tcp', startport: 80, endport: 80, cidrlist: '0.0.0.0/0' }, 60_000);
    const page = await waitFor('the static NAT address to answer', async () => tries(() => inNs(agent.netns, ['curl', '-s', '-m', '3', `http://${ip.ipaddress}/`])) || undefined, 20_000);
    assert.match(page, /hello from alice-db/);
    const seen = await waitFor('alice-db to reach the outside', async () => tries(() => inGuest(db, 'timeout 5 wget -q -O - http://198.51.100.1:9999/')) || undefined, 30_000);
    assert.equal(seen.trim(), ip.ipaddress, 'the outside sees the static NAT address');

    const [network] = (await alice.client.ok('listNetworks', {})).network as Body[];
    const rule = await alice.client.job('createEgressFirewallRule', { networkid: network.id, protocol: 'tcp', startport: 9999, endport: 9999, cidrlist: '10.1.1.0/24' }, 60_000);
    assert.equal(rule.jobstatus, 1, JSON.stringify(rule.jobresult));
    assert.equal(tries(() => inGuest(web, 'timeout 5 wget -q -O - http://198.51.100.1:9999/')) ?? '', '', 'the egress rule blocks port 9999');
    assert.match(tries(() => inNs(agent.netns, ['curl', '-s', '-m', '3', `http://${ip.ipaddress}/`])) ?? '', /hello from alice-db/, 'other traffic still flows');
  });

  const aliceNetwork = async () => ((await alice.client.ok('listNetworks', {})).network as Body[])[0];
  const dnsmasqPid = (networkId: string) => tries(() => readFileSync(join(agent.stateDir, 'net', networkId, 'dnsmasq.pid'), 'utf8').trim());
  const fromOutside = (url: string) => tries(() => inNs(agent.netns, ['curl', '-s', '-m', '3', url])) ?? '';
  /** Alice's public addresses that are neither source NAT nor static NAT (the port forwards' one). */
  const forwardingIp = async () => ((await alice.client.ok('listPublicIpAddresses', { issourcenat: false })).publicipaddress as Body[]).find((i) => !i.isstaticnat) as Body;

  it('keeps an open connection, and dnsmasq, through an unrelated rule change', async () => {
    const [web] = (await alice.client.ok('listVirtualMachines', { name: 'alice-web' })).virtualmachine as Body[];
    const [db] = (await alice.client.ok('listVirtualMachines', { name: 'alice-db' })).virtualmachine as Body[];
    const ip = await forwardingIp();
    const ssh = await alice.client.job('createPortForwardingRule', { ipaddressid: ip.id, protocol: 'tcp', publicport: 2222, privateport: 22, virtualmachineid: web.id, openfirewall: true }, 60_000);
    assert.equal(ssh.jobstatus, 1, JSON.stringify(ssh.jobresult));
    const network = await aliceNetwork();
    const pid = dnsmasqPid(network.id);
    assert.ok(pid, 'dnsmasq runs');
    // An SSH session through the port forward, from the public side, that lives across the change.
    const session = spawn('ip', ['netns', 'exec', agent.netns, 'dbclient', '-y', '-y', '-i', key, '-p', '2222', `root@${ip.ipaddress}`, 'echo connected; sleep 10; echo still-open'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(session);
    let out = '';
    session.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    const ended = new Promise<number | null>((resolve) => session.on('exit', (code) => resolve(code)));
    await waitFor('the SSH session through the port forward', async () => (out.includes('connected') ? true : undefined), 30_000);
    const other = await alice.client.job('createPortForwardingRule', { ipaddressid: ip.id, protocol: 'tcp', publicport: 2223, privateport: 22, virtualmachineid: db.id, openfirewall: true }, 60_000);
    assert.equal(other.jobstatus, 1, JSON.stringify(other.jobresult));
    assert.equal(await ended, 0, `the session survives the change: ${out}`);
    assert.match(out, /still-open/);
    assert.equal(dnsmasqPid(network.id), pid, 'a rule change does not restart dnsmasq');
    const viaNew = tries(() => inNs(agent.netns, ['dbclient', '-y', '-y', '-i', key, '-p', '2223', `root@${ip.ipaddress}`, 'hostname'], 30_000)) ?? '';
    assert.equal(viaNew.trim(), 'alice-db', 'the new rule works');
  });

  it('brings every rule, lease and name back with restartNetwork cleanup=true', async () => {
    const network = await aliceNetwork();
    const [web] = (await alice.client.ok('listVirtualMachines', { name: 'alice-web' })).virtualmachine as Body[];
    const [db] = (await alice.client.ok('listVirtualMachines', { name: 'alice-db' })).virtualmachine as Body[];
    const staticIp = ((await alice.client.ok('listPublicIpAddresses', { isstaticnat: true })).publicipaddress as Body[])[0];
    const ip = await forwardingIp();
    const pid = dnsmasqPid(network.id);
    const restart = await alice.client.job('restartNetwork', { id: network.id, cleanup: true }, 120_000);
    assert.equal(restart.jobstatus, 1, JSON.stringify(restart.jobresult));
    assert.notEqual(dnsmasqPid(network.id), pid, 'the router was rebuilt from nothing');
    assert.match(await waitFor('the port forward after the rebuild', async () => fromOutside(`http://${ip.ipaddress}:8080/`) || undefined, 20_000), /hello from alice-web/);
    assert.match(fromOutside(`http://${staticIp.ipaddress}/`), /hello from alice-db/, 'static NAT and its firewall rule are back');
    assert.equal(fromOutside(`http://${ip.ipaddress}:8081/`), '', 'ports without a rule stay closed');
    const lease = tries(() => inGuest(web, 'udhcpc -i eth0 -s /bin/true -n -q -t 3 -T 1 >/dev/null 2>&1 && echo leased')) ?? '';
    assert.match(lease, /leased/, 'the new dnsmasq answers the guest\'s DHCP request');
    const lookup = tries(() => inGuest(web, 'ping -c 1 -W 2 alice-db 2>&1')) ?? '';
    assert.ok(lookup.includes(`(${db.nic[0].ipaddress})`), `names resolve again: ${lookup}`);
    assert.equal(tries(() => inGuest(web, 'timeout 5 wget -q -O - http://198.51.100.1:9999/')) ?? '', '', 'the egress rule still blocks port 9999');
    assert.equal((tries(() => inGuest(web, 'timeout 5 wget -q -O - http://data-server/latest/meta-data/local-hostname')) ?? '').trim(), 'alice-web', 'the metadata service is back');
  });

  it('checks the router\'s health on its host: every piece, and a dead dnsmasq', async () => {
    const network = await aliceNetwork();
    const [router] = (await admin.ok('listRouters', { listall: true, networkid: network.id })).router as Body[];
    const checks = async () => ((await admin.ok('getRouterHealthCheckResults', { routerid: router.id, performfreshchecks: true })).routerhealthchecks as Body).healthchecks as Body[];
    const healthy = await checks();
    assert.deepEqual(healthy.map((c) => c.checkname).sort(), ['dnsmasq', 'gateway_address', 'metadata_service', 'nat_firewall_table', 'router_namespace']);
    assert.ok(healthy.every((c) => c.success === true), JSON.stringify(healthy));
    process.kill(Number(dnsmasqPid(network.id)), 'SIGKILL');
    const sick = await checks();
    assert.equal(sick.find((c) => c.checkname === 'dnsmasq')?.success, false, JSON.stringify(sick));
    assert.equal(((await admin.ok('listRouters', { listall: true, networkid: network.id })).router as Body[])[0].healthchecksfailed, true);
    await admin.job('restartNetwork', { id: network.id }, 120_000);
    assert.ok((await checks()).every((c) => c.success === true), 'restartNetwork repairs it');
  });

  it('spreads requests over two guests with a load balancer, and a failed health check moves them all to the other', async () => {
    const [web] = (await alice.client.ok('listVirtualMachines', { name: 'alice-web' })).virtualmachine as Body[];
    const [db] = (await alice.client.ok('listVirtualMachines', { name: 'alice-db' })).virtualmachine as Body[];
    const ip = (await alice.client.job('associateIpAddress', { zoneid: zone.zone.id }, 60_000)).jobresult.ipaddress as Body;
    const created = await alice.client.job('createLoadBalancerRule', { publicipid: ip.id, name: 'web', algorithm: 'roundrobin', publicport: 80, privateport: 80, openfirewall: false }, 60_000);
    assert.equal(created.jobstatus, 1, JSON.stringify(created.jobresult));
    const rule = created.jobresult.loadbalancer as Body;
    for (const [command, params] of [
      ['assignToLoadBalancerRule', { id: rule.id, virtualmachineids: `${web.id},${db.id}` }],
      ['createLBHealthCheckPolicy', { lbruleid: rule.id, pingpath: '/', intervaltime: 3, responsetimeout: 2, healthythreshold: 2, unhealthythreshold: 2 }],
    ] as const) {
      const r = await alice.client.job(command, params, 60_000);
      assert.equal(r.jobstatus, 1, `${command}: ${JSON.stringify(r.jobresult)}`);
    }
    const url = `http://${ip.ipaddress}/`;
    assert.equal(fromOutside(url), '', 'closed without a firewall rule');
    await alice.client.job('createFirewallRule', { ipaddressid: ip.id, protocol: 'tcp', startport: 80, endport: 80, cidrlist: '0.0.0.0/0' }, 60_000);
    const answering = () => new Set(Array.from({ length: 6 }, () => /hello from ([\w-]+)/.exec(fromOutside(url))?.[1] ?? 'nobody'));
    const seen = await waitFor('both guests to answer through the load balancer', async () => {
      const names = answering();
      return names.has('alice-web') && names.has('alice-db') ? names : undefined;
    }, 30_000);
    assert.equal(seen.size, 2, [...seen].join(' | '));
    inGuest(db, 'killall httpd');
    await waitFor('the health check to send every request to alice-web', async () => {
      const names = answering();
      return names.size === 1 && names.has('alice-web') ? true : undefined;
    }, 40_000);
    const [router] = (await admin.ok('listRouters', { listall: true, networkid: web.nic[0].networkid })).router as Body[];
    const checks = ((await admin.ok('getRouterHealthCheckResults', { routerid: router.id, performfreshchecks: true })).routerhealthchecks as Body).healthchecks as Body[];
    assert.equal(checks.find((c) => c.checkname === 'haproxy')?.success, true, JSON.stringify(checks));
  });
});
