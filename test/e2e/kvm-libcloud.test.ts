import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { TestAgent } from '../support/agent.ts';
import type { ApiClient } from '../support/client.ts';
import { kvmMissing, startKvmCloud, type KvmCloud, type KvmZone } from '../support/kvm.ts';
import { runLibcloudJourney } from '../support/libcloud.ts';
import type { TestServer } from '../support/server.ts';

// The Libcloud journey (test/compat/libcloud_journey.py) once against a KVM host: one real TCG guest started with
// the key pair Libcloud made, its SSH server reached through a port forward on a public address, a data disk
// hot-plugged and taken out, rebooted, stopped and started, then destroyed. Needs root (namespaces, bridges) and QEMU; TCG needs no /dev/kvm.


describe('Apache Libcloud journey on a KVM host', { timeout: 300_000, skip: kvmMissing }, () => {
  let cloud: KvmCloud;
  let server: TestServer;
  let agent: TestAgent;
  let admin: ApiClient;
  let zone: KvmZone;

  before(async () => {
    cloud = await startKvmCloud({ pingInterval: 2, publicRange: true });
    ({ server, admin, zone } = cloud);
    [agent] = cloud.agents;
  });
  after(() => cloud?.stop());

  it('runs every step of the journey with a real guest', async (t) => {
    // From the agent's namespace, which holds the public range's bridge: the port forward is reachable from there.
    // The template by name: Nimbus also lists its built-in Simulator template here, where CloudStack lists only
    // templates of the hypervisors its hosts run.
    const j = await runLibcloudJourney({
      url: `http://${agent.serverAddress}:${server.port}/client/api`,
      apiKey: admin.apiKey as string,
      secretKey: admin.secretKey as string,
      zone: zone.zone.name,
      template: zone.template.name,
      nodeTimeout: 120,
      sshWait: 120,
      netns: agent.netns,
    }, 280_000);
    assert.equal(j.code, 0, `${j.stdout}\n${j.stderr}\n${agent.output().slice(-3000)}`);
    assert.ok(j.steps.every((s) => s.ok));
    assert.equal(j.steps.length, 27);

    assert.equal(j.seen('list_images').chosen, zone.template.name);
    assert.equal(j.seen('list_sizes').chosen, zone.offering.name);
    const node = j.seen('create_node');
    assert.equal(node.state, 'running');
    assert.equal(node.keypairs, j.seen('create_key_pair').name);
    assert.deepEqual(j.seen('reboot_node'), { rebooted: true, state: 'running' });
    // A real guest stopped (ACPI, then the grace) and started again, as Libcloud's ex_stop/ex_start see it.
    assert.deepEqual(j.seen('stop_node'), { stopped: 'Stopped', state: 'stopped' });
    assert.deepEqual(j.seen('start_node'), { started: 'Running', listed: ['running'] });
    // The data disk was hot-plugged into the running guest and taken out again.
    assert.deepEqual(j.seen('attach_volume'), { node_volumes: 2, state: 'inuse' });
    assert.deepEqual(j.seen('detach_volume'), { node_volumes: 1, state: 'available' });
    assert.match(j.seen('allocate_public_ip').address, /^198\.51\.100\.\d+$/);
    assert.equal(j.seen('security_groups').code, 432);

    // The guest booted: its SSH server greeted through the router's port forward.
    assert.match(j.seen('wait_for_ssh').banner, /^SSH-2\.0-/);
    assert.match(j.seen('wait_for_ssh_after_reboot').banner, /^SSH-2\.0-/);
    // Destroyed with expunge: no QEMU of the guest is left on the host.
    assert.throws(() => execFileSync('pgrep', ['-f', `qemu-system.* -name ${node.instancename}`]));
    const total = j.steps.reduce((s, x) => s + x.seconds, 0);
    t.diagnostic(j.steps.map((x) => `${x.step} ${x.seconds} s`).join(', '));
    assert.ok(total < 120, `the journey took ${total} s`);
  });
});
