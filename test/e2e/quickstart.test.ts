import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { killDaemons } from '../../packages/agent/src/network/metadata/test-support.ts';
import { loginSession, type SessionCall } from '../../packages/cli/src/session.ts';
import { cleanupPrefix } from '../support/agent.ts';
import { waitFor } from '../support/compute.ts';
import { uniquePrefix } from '../support/netns.ts';
import { freePort, repoRoot } from '../support/server.ts';

// `bin/nimbus up`, what `npm start` runs: a cloud on this machine in which a real VM boots, and which a second run
// picks up again with the VM still running.

const prefix = uniquePrefix();
const dataDir = mkdtempSync(join(tmpdir(), `nimbus-up-${prefix}-`));

describe('nimbus up (npm start)', { timeout: 600_000 }, () => {
  let proc: ChildProcess | undefined;
  let out = '';
  let port = 0;

  const up = async () => {
    port = await freePort();
    out = '';
    proc = spawn(join(repoRoot, 'bin/nimbus'), ['up', '--port', String(port), '--agent-port', String(await freePort()), '--log-level', 'warn'], {
      env: { ...process.env, NIMBUS_DATA_DIR: dataDir, NIMBUS_AGENT_PREFIX: prefix, NIMBUS_ADMIN_PASSWORD: 'Quick-start-1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor('nimbus up to be ready', async () => {
      if (proc?.exitCode !== null) throw new Error(`nimbus up exited:\n${out}`);
      return /deploy a VM:/.test(out) ? true : undefined;
    }, 240_000);
  };
  const down = async () => {
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc?.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  };

  after(async () => {
    await down();
    const run = join(dataDir, 'agent', 'run');
    for (const f of existsSync(run) ? readdirSync(run).filter((n) => n.endsWith('.pid')) : []) {
      try {
        process.kill(Number(readFileSync(join(run, f), 'utf8')), 'SIGKILL');
      } catch {
        // gone
      }
    }
    killDaemons(join(dataDir, 'agent'));
    cleanupPrefix(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts a cloud whose printed deploy line gives a VM that answers; a second run reuses it all, the VM still running', async () => {
    await up();
    assert.match(out, /zone "local" created/);
    const deploy = Object.fromEntries([...out.matchAll(/(zoneid|templateid|serviceofferingid)=(\S+)/g)].map((m) => [m[1], m[2]]));
    const url = `http://127.0.0.1:${port}/client/api`;
    let call: SessionCall = (await loginSession(url, 'admin', 'Quick-start-1')).call;
    const { jobid } = await call({ command: 'deployVirtualMachine', ...deploy, name: 'hello' });
    const job = await waitFor('the deploy', async () => {
      const r = await call({ command: 'queryAsyncJobResult', jobid });
      return r.jobstatus === 0 ? undefined : r;
    }, 120_000);
    assert.equal(job.jobstatus, 1, JSON.stringify(job.jobresult));
    const vm = job.jobresult.virtualmachine;
    const ns = `${prefix}r-${vm.nic[0].networkid.replace(/-/g, '').slice(0, 8)}`;
    const page = await waitFor('the guest to answer', async () => {
      try {
        return execFileSync('ip', ['netns', 'exec', ns, 'curl', '-s', '-m', '2', `http://${vm.nic[0].ipaddress}/`], { timeout: 5000 }).toString() || undefined;
      } catch {
        return undefined;
      }
    }, 120_000);
    assert.match(page, /hello from hello/);
    // The public range answers from this machine's shell, as the printed hint says.
    assert.match(out, /public addresses 198\.51\.100\.10-250 answer from this machine/);
    const done = async (params: Record<string, string | number | boolean>) => {
      const { jobid: id } = await call(params);
      const r = await waitFor(String(params.command), async () => {
        const q = await call({ command: 'queryAsyncJobResult', jobid: id });
        return q.jobstatus === 0 ? undefined : q;
      }, 60_000);
      assert.equal(r.jobstatus, 1, JSON.stringify(r.jobresult));
      return r.jobresult;
    };
    const ip = (await done({ command: 'associateIpAddress', networkid: vm.nic[0].networkid })).ipaddress;
    await done({ command: 'createPortForwardingRule', ipaddressid: ip.id, protocol: 'tcp', publicport: 8080, privateport: 80, virtualmachineid: vm.id });
    const viaPublic = await waitFor('the port forward to answer from the shell', async () => {
      try {
        return execFileSync('curl', ['-s', '-m', '2', `http://${ip.ipaddress}:8080/`], { timeout: 5000 }).toString() || undefined;
      } catch {
        return undefined;
      }
    }, 30_000);
    assert.match(viaPublic, /hello from hello/);

    await down();
    await up();
    assert.match(out, /zone "local" reused/);
    call = (await loginSession(url.replace(/:\d+\//, `:${port}/`), 'admin', 'Quick-start-1')).call;
    const hosts = (await call({ command: 'listHosts' })).host;
    assert.equal(hosts.length, 1);
    await waitFor('the host to be Up', async () => ((await call({ command: 'listHosts' })).host[0].state === 'Up' ? true : undefined));
    const [again] = (await call({ command: 'listVirtualMachines', id: vm.id })).virtualmachine;
    assert.equal(again.state, 'Running');
    assert.equal((await call({ command: 'listZones' })).count, 1);
    assert.equal((await call({ command: 'listTemplates', templatefilter: 'all', name: 'Nimbus tiny' })).count, 1);
  });
});
