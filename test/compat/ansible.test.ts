import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiClient } from '../support/client.ts';
import { type Emulator, startEmulator } from '../support/emulator.ts';
import { runPython } from '../support/libcloud.ts';

/**
 * Ansible's CloudStack modules (ngine_io.cloudstack, shipped in Debian's ansible package) on the emulator: the
 * playbook test/compat/ansible/journey.yml builds a key pair, an instance, an attached volume, a public IP and a
 * port forward, then removes them. Each state runs twice: the second run must change nothing, which holds only when
 * the server answers the fields the modules compare (shared/notes/clients.md).
 */
const PLAYBOOK = join(import.meta.dirname, 'ansible', 'journey.yml');
const PUBLIC_IP = '192.168.2.200';

interface Stats {
  ok: number;
  changed: number;
  failures: number;
  skipped: number;
  unreachable: number;
}

interface PlaybookRun {
  stats: Stats;
  /** Each task that ran (not skipped): its name, whether it changed something, and its result. */
  tasks: { name: string; changed: boolean; result: any }[];
}

describe('Ansible\'s ngine_io.cloudstack playbook on the emulator', () => {
  let emulator: Emulator;
  let api: ApiClient;
  let home: string;

  /**
   * ansible-playbook with the JSON callback; Ansible's own state (tmp, facts cache) goes to a temp dir. The modules
   * call the API through the cs library, with GET or (CLOUDSTACK_METHOD=post) a form body.
   */
  const playbook = (state: 'present' | 'absent', method: 'get' | 'post'): Promise<PlaybookRun> =>
    new Promise((resolve, reject) => {
      const env = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        ANSIBLE_HOME: home,
        ANSIBLE_LOCAL_TEMP: join(home, 'tmp'),
        ANSIBLE_STDOUT_CALLBACK: 'json',
        ANSIBLE_LOCALHOST_WARNING: 'false',
        ANSIBLE_INVENTORY_UNPARSED_WARNING: 'false',
        ANSIBLE_NOCOLOR: '1',
        CLOUDSTACK_ENDPOINT: emulator.url,
        CLOUDSTACK_KEY: emulator.apiKey,
        CLOUDSTACK_SECRET: emulator.secretKey,
        CLOUDSTACK_METHOD: method,
      };
      const child = spawn('ansible-playbook', ['-i', 'localhost,', PLAYBOOK, '-e', `journey_state=${state}`, '-e', `public_ip=${PUBLIC_IP}`], { env, cwd: home });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        let out: any;
        try {
          out = JSON.parse(stdout);
        } catch {
          return reject(new Error(`ansible-playbook (${state}) printed no JSON (exit ${code}):\n${stdout}\n${stderr}`));
        }
        const tasks = out.plays[0].tasks
          .map((t: any) => ({ name: t.task.name, result: t.hosts.localhost }))
          .filter((t: any) => !t.result.skipped)
          .map((t: any) => ({ ...t, changed: t.result.changed === true }));
        const failed = tasks.filter((t: any) => t.result.failed);
        if (code !== 0 || failed.length) return reject(new Error(`ansible-playbook (${state}) failed (exit ${code}): ${JSON.stringify(failed.map((t: any) => [t.name, t.result.msg]))}\n${stderr}`));
        resolve({ stats: out.stats.localhost, tasks });
      });
    });

  const taskNames = ['SSH key pair', 'Instance', 'Data volume attached to the instance', 'Public IP', 'Port forward to the instance'];
  const removalNames = ['Port forward', 'Public IP', 'Data volume', 'Instance', 'SSH key pair'];

  before(async () => {
    const probe = await runPython(['-c', 'import sshpubkeys, ansible_collections.ngine_io.cloudstack'], {});
    if (probe.code !== 0) throw new Error(`Debian's ansible and python3-sshpubkeys are missing (run bash scripts/setup.sh --system):\n${probe.stderr}`);
    home = mkdtempSync(join(tmpdir(), 'nimbus-ansible-'));
    emulator = await startEmulator();
    api = new ApiClient(emulator.url, emulator);
  });
  after(async () => {
    await emulator?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('builds a key pair, an instance, an attached volume, a public IP and a port forward', async () => {
    const run = await playbook('present', 'get');
    assert.deepEqual(run.tasks.map((t) => [t.name, t.changed]), taskNames.map((n) => [n, true]));
    assert.equal(run.stats.changed, 5);
    const [vm] = (await api.ok('listVirtualMachines', { name: 'ansible-vm' })).virtualmachine;
    assert.equal(vm.state, 'Running');
    assert.equal(vm.keypairs, 'ansible-key');
    assert.equal(vm.zonename, 'Sandbox-simulator');
    assert.equal(vm.displayname, 'Ansible journey');
    const userdata = (await api.ok('getVirtualMachineUserData', { virtualmachineid: vm.id })).virtualmachineuserdata.userdata;
    assert.equal(Buffer.from(userdata, 'base64').toString(), '#cloud-config\nhostname: ansible-vm\n');
    const [volume] = (await api.ok('listVolumes', { name: 'ansible-data' })).volume;
    assert.equal(volume.virtualmachineid, vm.id);
    const [ip] = (await api.ok('listPublicIpAddresses', { ipaddress: PUBLIC_IP })).publicipaddress;
    for (const tagged of [vm, volume, ip]) assert.deepEqual(tagged.tags.map((t: any) => [t.key, t.value]), [['journey', 'ansible']]);
    const [rule] = (await api.ok('listPortForwardingRules', { ipaddressid: ip.id })).portforwardingrule;
    assert.equal(rule.virtualmachineid, vm.id);
    assert.deepEqual([rule.publicport, rule.privateport, rule.protocol], ['2222', '22', 'tcp']);
  });

  it('changes nothing when the same playbook runs again, over POST', async () => {
    const run = await playbook('present', 'post');
    assert.deepEqual(run.tasks.filter((t) => t.changed).map((t) => t.name), []);
    assert.deepEqual({ ok: run.stats.ok, changed: run.stats.changed, failures: run.stats.failures }, { ok: 5, changed: 0, failures: 0 });
  });

  it('removes them all with state=absent', async () => {
    const run = await playbook('absent', 'get');
    assert.deepEqual(run.tasks.map((t) => [t.name, t.changed]), removalNames.map((n) => [n, true]));
    assert.deepEqual(await api.ok('listVirtualMachines', { listall: true }), {});
    assert.deepEqual(await api.ok('listVolumes', { listall: true, type: 'DATADISK' }), {});
    assert.deepEqual(await api.ok('listPortForwardingRules', { listall: true }), {});
    assert.deepEqual(await api.ok('listPublicIpAddresses', { ipaddress: PUBLIC_IP }), {});
    assert.deepEqual(await api.ok('listSSHKeyPairs', { listall: true }), {});
    assert.deepEqual(await api.ok('listTags', { listall: true }), {});
  });

  it('changes nothing when state=absent runs again, over POST', async () => {
    const run = await playbook('absent', 'post');
    assert.deepEqual(run.tasks.filter((t) => t.changed).map((t) => t.name), []);
    assert.deepEqual({ ok: run.stats.ok, changed: run.stats.changed, failures: run.stats.failures }, { ok: 5, changed: 0, failures: 0 });
  });
});
