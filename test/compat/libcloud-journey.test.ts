import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiClient } from '../support/client.ts';
import { type Emulator, startEmulator } from '../support/emulator.ts';
import { runLibcloudJourney, runPython } from '../support/libcloud.ts';

/**
 * A CloudStack user's Apache Libcloud script (test/compat/libcloud_journey.py, Debian's python3-libcloud 3.4.1)
 * against the emulator, `nimbus server --simulator`: every step a user takes through the CloudStack driver, with
 * what Libcloud read back checked here. The same script runs against a KVM zone (test/e2e/kvm-libcloud.test.ts)
 * and under bench/emulator.
 */
const ZONE = 'Sandbox-simulator';
const STEPS = [
  'list_locations', 'list_sizes', 'list_images', 'create_key_pair', 'list_key_pairs', 'create_node', 'wait_until_running',
  'security_groups', 'allocate_public_ip', 'create_port_forwarding_rule', 'list_port_forwarding_rules', 'create_firewall_rule',
  'list_firewall_rules', 'create_volume', 'attach_volume', 'detach_volume', 'destroy_volume', 'reboot_node', 'stop_node', 'start_node',
  'delete_firewall_rule', 'delete_port_forwarding_rule', 'release_public_ip', 'destroy_node', 'delete_key_pair',
];

describe('Apache Libcloud journey on the emulator', () => {
  let emulator: Emulator;
  let api: ApiClient;
  before(async () => {
    const probe = await runPython(['-c', 'import libcloud'], {});
    if (probe.code !== 0) throw new Error(`Debian's python3-libcloud is missing (run bash scripts/setup.sh --system):\n${probe.stderr}`);
    emulator = await startEmulator();
    api = new ApiClient(emulator.url, emulator);
  });
  after(() => emulator?.stop());

  it('walks every step through the CloudStack driver and reads back what a user reads', async () => {
    const j = await runLibcloudJourney({ ...emulator, zone: ZONE }, 60_000);
    assert.equal(j.code, 0, `${j.stdout}\n${j.stderr}`);
    assert.deepEqual(j.steps.map((s) => s.step), STEPS);
    assert.ok(j.steps.every((s) => s.ok && s.seconds >= 0));

    assert.deepEqual(j.seen('list_locations').names, [ZONE]);
    const sizes = j.seen('list_sizes');
    assert.deepEqual(sizes.sizes.map((s: any) => [s.name, s.ram, s.cpu]), [['Small Instance', 512, 1], ['Medium Instance', 1024, 1]]);
    assert.equal(sizes.chosen, 'Small Instance');
    assert.deepEqual(j.seen('list_images').images.map((i: any) => [i.name, i.hypervisor, i.format]), [['CentOS 5.6(64-bit) no GUI (Simulator)', 'Simulator', 'VHD']]);

    const key = j.seen('create_key_pair');
    assert.match(key.name, /^libcloud-key-[0-9a-f]{6}$/);
    assert.match(key.fingerprint, /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    assert.deepEqual(j.seen('list_key_pairs').names, [key.name]);

    const node = j.seen('create_node');
    assert.equal(node.state, 'running');
    assert.equal(node.keypairs, key.name);
    assert.equal(node.private_ips.length, 1);
    assert.match(node.private_ips[0], /^10\.1\.1\.\d+$/);
    assert.deepEqual(j.seen('wait_until_running'), { state: 'running', ips: node.private_ips });
    assert.deepEqual(j.seen('reboot_node'), { rebooted: true, state: 'running' });
    assert.deepEqual(j.seen('stop_node'), { stopped: 'Stopped', state: 'stopped' });
    assert.deepEqual(j.seen('start_node'), { started: 'Running', listed: ['running'] });

    const volume = j.seen('create_volume');
    assert.equal(volume.size, 1024 ** 3);
    assert.equal(volume.state, 'available');
    // The node's ROOT disk and the data volume, then the ROOT disk alone.
    assert.deepEqual(j.seen('attach_volume'), { node_volumes: 2, state: 'inuse' });
    assert.deepEqual(j.seen('detach_volume'), { node_volumes: 1, state: 'available' });

    // No security groups in Nimbus: listSecurityGroups is CloudStack's 432 for a command that is not available,
    // and a deploy naming a group fails its job with CloudStack's text for a zone without them.
    const sg = j.seen('security_groups');
    assert.equal(sg.supported, false);
    assert.equal(sg.code, 432);
    assert.match(sg.errortext, /The given command 'listSecurityGroups' either does not exist/);
    assert.equal(sg.deploy_error, "Can't create vm with security groups; security group feature is not enabled per zone");

    const ip = j.seen('allocate_public_ip');
    assert.match(ip.address, /^192\.168\.2\.\d+$/);
    const pf = j.seen('create_port_forwarding_rule');
    assert.deepEqual(j.seen('list_port_forwarding_rules'), {
      rules: [{ id: pf.id, address: ip.address, protocol: 'TCP', public_port: '2222', private_port: '22' }],
      public_ips: [ip.address],
    });
    // Libcloud's port forward opens the firewall for its public port beside the rule the journey made.
    assert.deepEqual(j.seen('list_firewall_rules').on_address, [[2222, 2222], [8080, 8081]]);

    const total = j.steps.reduce((s, x) => s + x.seconds, 0);
    assert.ok(total < 50, `the journey took ${total} s`);
    // Nothing is left behind.
    for (const [command, key] of [['listVirtualMachines', 'virtualmachine'], ['listVolumes', 'volume'], ['listSSHKeyPairs', 'sshkeypair'], ['listPortForwardingRules', 'portforwardingrule']] as const) {
      const left = ((await api.ok(command, { listall: true }))[key] ?? []).filter((x: any) => x.type !== 'ROOT');
      assert.deepEqual(left, [], command);
    }
    const ips = (await api.ok('listPublicIpAddresses', { listall: true })).publicipaddress ?? [];
    assert.ok(!ips.some((a: any) => a.ipaddress === ip.address), JSON.stringify(ips));
  });

  it('stops at the first failing step, names it and gives Libcloud\'s text', async () => {
    const wrongKey = await runLibcloudJourney({ ...emulator, secretKey: 'not-the-secret' }, 30_000);
    assert.equal(wrongKey.code, 1);
    assert.deepEqual(wrongKey.steps.map((s) => [s.step, s.ok, s.error]), [['list_locations', false, 'InvalidCredsError']]);
    // Libcloud's own text for a 401.
    assert.equal(wrongKey.stderr, 'step list_locations failed: InvalidCredsError: Invalid provider credentials\n');

    const noTemplate = await runLibcloudJourney({ ...emulator, template: 'no such template' }, 30_000);
    assert.equal(noTemplate.code, 1);
    assert.equal(noTemplate.steps.at(-1)?.step, 'list_images');
    assert.match(noTemplate.stderr, /step list_images failed: StepFailed: template 'no such template' not among/);
  });
});
