import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TestAgent } from '../support/agent.ts';
import type { ApiClient, Body } from '../support/client.ts';
import { waitFor } from '../support/compute.ts';
import { startKvmCloud, type KvmCloud, type KvmZone } from '../support/kvm.ts';

// Two agents on this machine, each in its own network namespace, sharing one primary-storage directory, form a
// cluster; a running guest moves from one to the other and keeps answering through its network's router (on the
// first host), across the VXLAN tunnel between them.

const BOOT_MS = 120_000;

describe('KVM hosts: live migration', { timeout: 600_000 }, () => {
  let cloud: KvmCloud;
  let a: TestAgent;
  let b: TestAgent;
  let admin: ApiClient;
  let zone: KvmZone;
  let prefix: string;

  before(async () => {
    // The agents' namespaces reach each other through the root namespace.
    execFileSync('sysctl', ['-qw', 'net.ipv4.ip_forward=1']);
    cloud = await startKvmCloud({ agents: 2 });
    ({ admin, zone, prefix } = cloud);
    [a, b] = cloud.agents;
  });
  after(() => cloud?.stop());

  const runFiles = (agent: TestAgent, instance: string) => readdirSync(join(agent.stateDir, 'run')).filter((f) => f.startsWith(`${instance}.`));
  const serial = (agent: TestAgent, instance: string) => {
    const f = join(agent.stateDir, 'run', `${instance}.log`);
    return existsSync(f) ? readFileSync(f, 'utf8') : '';
  };
  const routerNs = (networkId: string) => `${prefix}r-${networkId.replace(/-/g, '').slice(0, 8)}`;
  const curl = (ns: string, ip: string) => execFileSync('ip', ['netns', 'exec', ns, 'curl', '-s', '-m', '5', `http://${ip}/`], { timeout: 10_000 }).toString();

  it('moves a running guest to the other host; it keeps answering, and nothing of it is left on the first', async () => {
    const [hostA, hostB] = zone.hosts;
    const job = await admin.job('deployVirtualMachine', { zoneid: zone.zone.id, templateid: zone.template.id, serviceofferingid: zone.offering.id, name: 'mig1', hostid: hostA.id }, BOOT_MS);
    assert.equal(job.jobstatus, 1, JSON.stringify(job.jobresult));
    const vm = job.jobresult.virtualmachine as Body;
    const nic = vm.nic[0] as Body;
    const instance = vm.instancename as string;
    await waitFor('the guest to boot', async () => (/NIMBUS-READY/.test(serial(a, instance)) ? true : undefined), BOOT_MS);
    assert.match(curl(routerNs(nic.networkid), nic.ipaddress), /hello from mig1/);
    assert.ok(runFiles(a, instance).includes(`${instance}.pid`), 'the host named runs it');
    assert.deepEqual(runFiles(b, instance), [], 'the command went to that host only');

    const moved = await admin.job('migrateVirtualMachine', { virtualmachineid: vm.id, hostid: hostB.id }, BOOT_MS);
    assert.equal(moved.jobstatus, 1, JSON.stringify(moved.jobresult));
    assert.equal(moved.jobresult.virtualmachine.hostid, hostB.id);
    assert.equal(moved.jobresult.virtualmachine.state, 'Running');
    assert.deepEqual(runFiles(a, instance), [], 'the source keeps no QEMU, socket or pid file of it');
    assert.ok(runFiles(b, instance).includes(`${instance}.pid`), 'the target runs it');
    await waitFor('the guest to answer from its new host', async () => {
      try {
        return /hello from mig1/.test(curl(routerNs(nic.networkid), nic.ipaddress)) ? true : undefined;
      } catch {
        return undefined;
      }
    }, 30_000);
    assert.doesNotMatch(serial(b, instance), /NIMBUS-READY/, 'the guest did not boot again on the target: it moved');

    assert.equal((await admin.job('destroyVirtualMachine', { id: vm.id, expunge: true }, BOOT_MS)).jobstatus, 1);
    assert.deepEqual(runFiles(b, instance), []);
  });
});
