import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { ApiClient } from '../support/client.ts';
import { freePort, repoRoot } from '../support/server.ts';

/**
 * `nimbus server --simulator`, the CloudStack API emulator, as a client developer uses it: fixed admin keys from the
 * environment, CloudStack's Sandbox-simulator zone ready, and Apache Libcloud's node API deploying, listing,
 * stopping, starting, rebooting and destroying a VM on it,
 * with a public IP and a port forward to the VM on the way.
 */
const PYTHON = '/usr/bin/python3';
const keys = { apiKey: 'emulator-test-api-key', secretKey: 'emulator-test-secret-key' };

function run(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(PYTHON, args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env }, cwd: import.meta.dirname });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

describe('the CloudStack API emulator (nimbus server --simulator)', () => {
  let proc: ChildProcess;
  let url: string;
  let api: ApiClient;
  before(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}/client/api`;
    proc = spawn(`${repoRoot}/bin/nimbus`, ['server', '--simulator', '--port', String(port), '--host', '127.0.0.1', '--log-level', 'warn'], {
      env: { ...process.env, NIMBUS_ADMIN_API_KEY: keys.apiKey, NIMBUS_ADMIN_SECRET_KEY: keys.secretKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`emulator did not start in 30 s:\n${out}`)), 30_000);
      proc.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('emulator is running')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.on('exit', (code) => reject(new Error(`emulator exited with ${code}:\n${out}`)));
    });
    api = new ApiClient(url, keys);
  });
  after(async () => {
    if (proc && proc.exitCode === null) {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    }
  });

  it('answers with the fixed admin keys and a ready Sandbox-simulator zone', async () => {
    const zones = await api.ok('listZones');
    assert.deepEqual(zones.zone.map((z: { name: string }) => z.name), ['Sandbox-simulator']);
    assert.equal(zones.zone[0].allocationstate, 'Enabled');
    const hosts = await api.ok('listHosts', { type: 'Routing' });
    assert.equal(hosts.count, 4);
    const templates = await api.ok('listTemplates', { templatefilter: 'featured', zoneid: zones.zone[0].id });
    assert.ok(templates.template.some((t: { isready: boolean; hypervisor: string }) => t.isready && t.hypervisor === 'Simulator'));
    assert.ok((await api.ok('listServiceOfferings')).count >= 2);
  });

  it('runs a VM\'s life through Apache Libcloud\'s node API', async () => {
    const r = await run(['libcloud_vm.py'], { NIMBUS_URL: url, NIMBUS_API_KEY: keys.apiKey, NIMBUS_SECRET_KEY: keys.secretKey });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const seen = JSON.parse(r.stdout);
    assert.equal(seen.location, 'Sandbox-simulator');
    assert.equal(seen.created.name, 'libcloud-vm');
    assert.equal(seen.created.state, 'running');
    assert.equal(seen.created.ips.length, 1);
    assert.deepEqual(seen.listed, ['libcloud-vm']);
    assert.match(seen.public_ip, /^\d+\.\d+\.\d+\.\d+$/);
    assert.deepEqual(seen.node_rules, [{ id: seen.rule.id, address: seen.public_ip, protocol: 'TCP', public_port: '2222', private_port: '22' }]);
    assert.ok(seen.node_public_ips.includes(seen.public_ip), JSON.stringify(seen));
    assert.deepEqual(seen.listed_rules, [seen.rule.id]);
    assert.equal(seen.rule_deleted, true);
    assert.deepEqual(seen.rules_left, []);
    assert.equal(seen.released, true);
    assert.deepEqual(seen.ips_left, []);
    // Libcloud's ex_stop and ex_start answer the VM's new state from the job result.
    assert.equal(seen.stopped, 'Stopped');
    assert.equal(seen.state_after_stop, 'stopped');
    assert.equal(seen.started, 'Running');
    assert.equal(seen.rebooted, true);
    assert.equal(seen.destroyed, true);
    assert.deepEqual(seen.left, []);
  });
});
