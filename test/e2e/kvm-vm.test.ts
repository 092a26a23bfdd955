import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TestAgent } from '../support/agent.ts';
import type { ApiClient, Body } from '../support/client.ts';
import { waitFor } from '../support/compute.ts';
import { startKvmCloud, type KvmCloud, type KvmZone } from '../support/kvm.ts';

// A management server and one real agent (in its own network namespace) running QEMU guests under TCG: the VM
// lifecycle through the API, checked on the host itself (serial console, DHCP, HTTP, processes, files, taps).

const BOOT_MS = 120_000;

/** The first message a WebSocket receives as text, or `closed <code>` when it is closed first. */
function firstBytes(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    const timer = setTimeout(() => reject(new Error(`no answer from ${url}`)), 15_000);
    ws.addEventListener('message', (ev) => {
      clearTimeout(timer);
      resolve(Buffer.from(ev.data as ArrayBuffer).toString('latin1'));
      ws.close();
    });
    ws.addEventListener('close', (ev) => {
      clearTimeout(timer);
      resolve(`closed ${ev.code}`);
    });
  });
}

describe('KVM host: real guests', { timeout: 900_000 }, () => {
  let cloud: KvmCloud;
  let agent: TestAgent;
  let admin: ApiClient;
  let zone: KvmZone;
  let prefix: string;
  let poolDir: string;

  before(async () => {
    cloud = await startKvmCloud({ pingInterval: 2 });
    ({ admin, zone, prefix } = cloud);
    [agent] = cloud.agents;
    poolDir = join(cloud.dir, 'primary');
  });
  after(() => cloud?.stop());

  const serial = (instance: string) => {
    const f = join(agent.stateDir, 'run', `${instance}.log`);
    return existsSync(f) ? readFileSync(f, 'utf8') : '';
  };
  const vmOf = async (id: string): Promise<Body> => ((await admin.ok('listVirtualMachines', { id })).virtualmachine as Body[])[0];
  const routerNs = (networkId: string) => `${prefix}r-${networkId.replace(/-/g, '').slice(0, 8)}`;
  const curl = (ns: string, ip: string) => execFileSync('ip', ['netns', 'exec', ns, 'curl', '-s', '-m', '5', `http://${ip}/`], { timeout: 10_000 }).toString();
  const qemuOf = (instance: string) => {
    try {
      return execFileSync('pgrep', ['-f', `qemu-system.* -name ${instance}`]).toString().trim();
    } catch {
      return '';
    }
  };
  const ready = (instance: string, count = 1) => waitFor(`${instance} to boot`, async () => ((serial(instance).match(/NIMBUS-READY[^\n]*/g) ?? []).length >= count ? serial(instance) : undefined), BOOT_MS);

  it('shows the host Up with the hardware its agent reports', async () => {
    const [h] = (await admin.ok('listHosts', { id: zone.hosts[0].id })).host as Body[];
    assert.equal(h.state, 'Up');
    assert.equal(h.hypervisor, 'KVM');
    assert.equal(h.ipaddress, agent.address);
    assert.ok(h.cpunumber >= 1 && h.memorytotal > 0, JSON.stringify(h));
  });

  it('deploys a VM that boots, takes its address by DHCP and answers HTTP; stops, starts, reboots; destroy and expunge leave nothing', async () => {
    const job = await admin.job('deployVirtualMachine', { zoneid: zone.zone.id, templateid: zone.template.id, serviceofferingid: zone.offering.id, name: 'web1' }, BOOT_MS);
    assert.equal(job.jobstatus, 1, JSON.stringify(job.jobresult));
    const vm = job.jobresult.virtualmachine as Body;
    assert.equal(vm.state, 'Running');
    const nic = vm.nic[0] as Body;
    const instance = vm.instancename as string;
    const log = await ready(instance);
    assert.match(log, new RegExp(`NIMBUS-READY hostname=web1 ip=${nic.ipaddress.replace(/\./g, '\\.')}`));
    assert.match(curl(routerNs(nic.networkid), nic.ipaddress), /hello from web1/);
    const measured = await waitFor('the guest\'s statistics', async () => {
      const v = await vmOf(vm.id);
      return v.memorykbs > 0 && v.networkkbsread !== undefined ? v : undefined;
    }, 30_000);
    assert.match(measured.cpuused, /^\d+(\.\d+)?%$/);
    const [host] = (await admin.ok('listHosts', { id: zone.hosts[0].id })).host as Body[];
    assert.ok(host.memoryused > 0 && String(host.cpuused).endsWith('%'), JSON.stringify(host));

    assert.equal((await admin.job('stopVirtualMachine', { id: vm.id }, BOOT_MS)).jobstatus, 1);
    assert.equal(qemuOf(instance), '');
    assert.equal((await vmOf(vm.id)).state, 'Stopped');
    assert.equal((await admin.job('startVirtualMachine', { id: vm.id }, BOOT_MS)).jobstatus, 1);
    await ready(instance);
    assert.match(curl(routerNs(nic.networkid), nic.ipaddress), /hello from web1/);
    const before = serial(instance).split('NIMBUS-READY').length - 1;
    assert.equal((await admin.job('rebootVirtualMachine', { id: vm.id }, BOOT_MS)).jobstatus, 1);
    await ready(instance, before + 1);

    const volumes = (await admin.ok('listVolumes', { virtualmachineid: vm.id })).volume as Body[];
    assert.equal((await admin.job('destroyVirtualMachine', { id: vm.id, expunge: true }, BOOT_MS)).jobstatus, 1);
    await waitFor('the VM to be expunged', async () => ((await admin.ok('listVirtualMachines', { id: vm.id })).virtualmachine ? undefined : true));
    assert.equal(qemuOf(instance), '', 'no QEMU process is left');
    assert.deepEqual(readdirSync(join(agent.stateDir, 'run')).filter((f) => f.startsWith(instance)), [], 'no pid, socket, log or spec file is left');
    for (const v of volumes) assert.ok(!readdirSync(poolDir).some((f) => f.includes(v.id)), `volume ${v.id} is deleted from the pool`);
    assert.doesNotMatch(agent.exec(['ip', '-o', 'link', 'show']), new RegExp(`${prefix}t`), 'no tap device is left');
  });

  it('serves the console over WebSocket with a short-lived single-use token, and refuses a wrong or expired one', async () => {
    const job = await admin.job('deployVirtualMachine', { zoneid: zone.zone.id, templateid: zone.template.id, serviceofferingid: zone.offering.id, name: 'con1' }, BOOT_MS);
    assert.equal(job.jobstatus, 1, JSON.stringify(job.jobresult));
    const vm = job.jobresult.virtualmachine as Body;
    const endpoint = (await admin.ok('createConsoleEndpoint', { virtualmachineid: vm.id })).consoleendpoint as Body;
    assert.equal(endpoint.success, true);
    const wsUrl = (endpoint.url as string).replace(/^http/, 'ws');
    assert.match(await firstBytes(wsUrl), /^RFB 003\.00\d\n/, 'the guest\'s VNC greets through the proxy');
    assert.match(await firstBytes(wsUrl), /^closed 4401/, 'a used token is refused');
    assert.match(await firstBytes(wsUrl.replace(/token=[^&]+/, 'token=forged')), /^closed 4401/, 'a wrong token is refused');
    await admin.ok('updateConfiguration', { name: 'console.endpoint.token.ttl', value: '1' });
    const late = (await admin.ok('createConsoleEndpoint', { virtualmachineid: vm.id })).consoleendpoint as Body;
    await new Promise((r) => setTimeout(r, 1500));
    assert.match(await firstBytes((late.url as string).replace(/^http/, 'ws')), /^closed 4401/, 'an expired token is refused');
    await admin.ok('updateConfiguration', { name: 'console.endpoint.token.ttl', value: '60' });
    await ready(vm.instancename as string); // a guest still booting ignores the ACPI power button until the forced stop
    assert.equal((await admin.job('destroyVirtualMachine', { id: vm.id, expunge: true }, BOOT_MS)).jobstatus, 1);
  });

  it('keeps guests running through an agent restart, and marks a VM whose QEMU dies Stopped', async () => {
    const job = await admin.job('deployVirtualMachine', { zoneid: zone.zone.id, templateid: zone.template.id, serviceofferingid: zone.offering.id, name: 'db1' }, BOOT_MS);
    assert.equal(job.jobstatus, 1, JSON.stringify(job.jobresult));
    const vm = job.jobresult.virtualmachine as Body;
    const instance = vm.instancename as string;
    // Its address was web1's: the lease of a NIC that is gone must not keep it from this one.
    assert.match(await ready(instance), new RegExp(`NIMBUS-READY hostname=db1 ip=${(vm.nic[0] as Body).ipaddress.replace(/\./g, '\\.')}`));
    const pid = qemuOf(instance);
    await agent.kill();
    await waitFor('the host to show Disconnected', async () => ((((await admin.ok('listHosts', { id: zone.hosts[0].id })).host as Body[])[0].state === 'Disconnected') ? true : undefined));
    await agent.restart();
    await waitFor('the host to be Up again', async () => ((((await admin.ok('listHosts', { id: zone.hosts[0].id })).host as Body[])[0].state === 'Up') ? true : undefined));
    assert.equal(qemuOf(instance), pid, 'the same QEMU process still runs');
    await new Promise((r) => setTimeout(r, 5000));
    assert.equal((await vmOf(vm.id)).state, 'Running', 'a few heartbeats later the VM is still Running');

    process.kill(Number(pid), 'SIGKILL');
    await waitFor('the VM to be marked Stopped', async () => ((await vmOf(vm.id)).state === 'Stopped' ? true : undefined), 30_000);
    const alerts = (await admin.ok('listAlerts', { name: 'ALERT.USERVM' })).alert as Body[];
    assert.ok(alerts.some((a) => a.description.includes(vm.id)), 'operators are alerted');
    assert.ok(((await admin.ok('listAlerts', { name: 'ALERT.HOST' })).alert as Body[]).some((a) => /is Disconnected/.test(a.description)));
    assert.equal((await admin.job('startVirtualMachine', { id: vm.id }, BOOT_MS)).jobstatus, 1, 'it starts again');
    await ready(instance);
    assert.equal((await admin.job('destroyVirtualMachine', { id: vm.id, expunge: true }, BOOT_MS)).jobstatus, 1);
  });

  it('stops and starts a router, rebuilds it with restartNetwork cleanup=true, and takes a deleted network\'s router off its host', async () => {
    const [network] = (await admin.ok('listNetworks', {})).network as Body[];
    const ns = routerNs(network.id);
    assert.match(execFileSync('ip', ['netns', 'list']).toString(), new RegExp(ns));
    const [router] = (await admin.ok('listRouters', { listall: true, networkid: network.id })).router as Body[];
    assert.equal((await admin.job('stopRouter', { id: router.id }, 60_000)).jobresult.router.state, 'Stopped');
    assert.doesNotMatch(execFileSync('ip', ['netns', 'list']).toString(), new RegExp(ns), 'a stopped router leaves its host');
    assert.equal((await admin.job('startRouter', { id: router.id }, 60_000)).jobresult.router.state, 'Running');
    assert.match(execFileSync('ip', ['netns', 'list']).toString(), new RegExp(ns));
    const dnsmasqPid = () => readFileSync(join(agent.stateDir, 'net', network.id, 'dnsmasq.pid'), 'utf8').trim();
    const before = dnsmasqPid();
    assert.equal((await admin.job('restartNetwork', { id: network.id, cleanup: true }, 60_000)).jobstatus, 1);
    assert.match(execFileSync('ip', ['netns', 'list']).toString(), new RegExp(ns), 'the router is built again');
    assert.notEqual(dnsmasqPid(), before, 'from scratch');
    await waitFor('the VMs of the network to be expunged', async () => ((await admin.ok('listVirtualMachines', { listall: true })).count ? undefined : true), 60_000);
    assert.equal((await admin.job('deleteNetwork', { id: network.id }, 60_000)).jobstatus, 1);
    assert.doesNotMatch(execFileSync('ip', ['netns', 'list']).toString(), new RegExp(ns));
  });
});
