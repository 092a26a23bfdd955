import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import type { CommandOfKind, GuestData } from '@nimbus/protocol';
import { createNetns, uniquePrefix, type TestNetns } from '../../../../../test/support/netns.ts';
import type { AgentConfig } from '../../config.ts';
import { run } from '../../exec.ts';
import type { AgentContext } from '../../handlers/handler.ts';
import { destroyNetwork, setupNetwork } from '../../handlers/network.ts';
import { bridgeName, networkDir, routerNetns } from '../names.ts';
import { ensureMetadata, metadataStatus, runningMetadata, stopMetadata } from './service.ts';
import { daemonPids, killDaemons, waitUntil } from './test-support.ts';

// Two isolated networks of one host, with the same addresses as CloudStack's default networks have, served by one
// metadata daemon (needs root). Each network has a client namespace on its bridge that plays its guest.

const prefix = uniquePrefix();
const stateDir = mkdtempSync(join(tmpdir(), `${prefix}-agent-`));
const ctx = { config: { prefix, stateDir } as AgentConfig, log: pino({ level: 'silent' }) } as AgentContext;
const gateway = '10.216.6.1';
const guestIp = '10.216.6.10';

interface Net {
  id: string;
  dir: string;
  netns: string;
  guest: GuestData;
  client?: TestNetns;
  veth: string;
}
const net = (tag: string): Net => {
  const id = randomUUID();
  const guest = { ip: guestIp, metaData: { 'instance-id': `i-${tag}` }, publicKeys: [], password: `pw-${tag}` };
  return { id, dir: networkDir(ctx.config, id), netns: routerNetns(prefix, id), guest, veth: `${prefix}c${tag}` };
};
const nets = [net('a'), net('b')] as const;
const [a, b] = nets;

after(async () => {
  for (const n of nets) {
    await destroyNetwork(ctx, { kind: 'DestroyNetwork', networkId: n.id }).catch(() => undefined);
    await run('ip', ['link', 'del', 'dev', n.veth]).catch(() => undefined);
    await n.client?.delete();
  }
  killDaemons(stateDir);
  rmSync(stateDir, { recursive: true, force: true });
});

const setup = (n: Net): CommandOfKind<'SetupNetwork'> => ({
  kind: 'SetupNetwork',
  networkId: n.id,
  cidr: '10.216.6.0/24',
  gateway,
  netmask: '255.255.255.0',
  dns: [],
  leases: [],
  guestData: [n.guest],
});

/** An HTTP GET from the network's guest: `<status> <body>`, or `failed <curl's exit code>`. */
async function get(n: Net, url: string, header?: string): Promise<string> {
  const args = ['-sS', '--max-time', '10', '-w', ' %{http_code}', ...(header ? ['-H', header] : []), url];
  return n.client!.exec('curl', args, { timeoutMs: 15_000 }).then(
    ({ stdout }) => `${stdout.slice(stdout.lastIndexOf(' ') + 1)} ${stdout.slice(0, stdout.lastIndexOf(' '))}`,
    (err: Error) => `failed ${/curl: \((\d+)\)/.exec(err.message)?.[1] ?? err.message}`,
  );
}
const instanceId = (n: Net) => get(n, `http://${gateway}/latest/meta-data/instance-id`);
const password = (n: Net, request: string) => get(n, `http://${gateway}:8080/`, `DomU_Request: ${request}`);

async function served(n: Net): Promise<void> {
  const status = await metadataStatus(n.dir, n.netns);
  assert.equal(status.success, true, status.details);
}

test('one daemon serves every router of the host, each guest from its own network', { timeout: 180_000 }, async () => {
  for (const n of nets) {
    await setupNetwork(ctx, setup(n));
    n.client = await createNetns(`${prefix}-g${n.veth.slice(-1)}`);
    await run('ip', ['link', 'add', n.veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', n.client.name]);
    await run('ip', ['link', 'set', 'dev', n.veth, 'master', bridgeName(prefix, n.id), 'up']);
    await n.client.ip(['addr', 'add', `${guestIp}/24`, 'dev', 'eth0']);
    await n.client.ip(['link', 'set', 'dev', 'eth0', 'up']);
  }
  const [first] = daemonPids(stateDir);
  assert.deepEqual(daemonPids(stateDir), [first], 'a single daemon process');
  assert.equal(runningMetadata(a.dir)?.pid, first);
  assert.equal(runningMetadata(b.dir)?.pid, first);
  for (const n of nets) await served(n);
  assert.equal(await ensureMetadata(a.dir, a.netns, gateway, [a.guest]), 'unchanged', 'same gateway, same namespace');

  // Same gateway, same guest address: the router the request came through picks the data.
  assert.equal(await instanceId(a), '200 i-a');
  assert.equal(await instanceId(b), '200 i-b');
  assert.equal(await password(a, 'send_my_password'), '200 pw-a');
  assert.equal(await password(a, 'saved_password'), '200 saved_password');
  assert.equal(await password(a, 'send_my_password'), '200 saved_password', 'handed out once');
  assert.equal(await password(b, 'send_my_password'), '200 pw-b', "a's acknowledgement is not b's");

  // A killed daemon: the next SetupNetwork of either network starts one that binds every registered network again.
  process.kill(first!, 'SIGKILL');
  await waitUntil(() => daemonPids(stateDir).length === 0, 'the daemon is gone');
  assert.equal((await metadataStatus(b.dir, b.netns)).success, false);
  // Refused (7), or reset (56) when the connect raced the dying daemon's sockets closing: either way, nobody serves.
  assert.match(await instanceId(b), /^failed (7|56)$/, 'nobody listens');
  await setupNetwork(ctx, setup(a));
  const [second] = daemonPids(stateDir);
  assert.ok(second !== undefined && second !== first, 'a new daemon');
  assert.deepEqual(daemonPids(stateDir), [second]);
  await served(b);
  assert.equal(await instanceId(b), '200 i-b');
  assert.equal(await password(b, 'send_my_password'), '200 pw-b');
  assert.equal(await password(a, 'send_my_password'), '200 saved_password', 'the acknowledgement survives the daemon');

  // b's router namespace re-created: bound again in the new one, by the same daemon; a untouched.
  await run('ip', ['netns', 'del', b.netns]);
  assert.equal((await metadataStatus(b.dir, b.netns)).success, false);
  await setupNetwork(ctx, setup(b));
  await served(b);
  await b.client!.ip(['neigh', 'flush', 'all']); // the gateway's MAC is the new eth0's
  assert.equal(await instanceId(b), '200 i-b');
  assert.equal(await instanceId(a), '200 i-a');
  assert.deepEqual(daemonPids(stateDir), [second]);

  // Unregistering a network closes its ports (in its namespace); the other network and the daemon stay.
  await stopMetadata(a.dir);
  assert.equal(await instanceId(a), 'failed 7', 'connection refused on port 80');
  assert.equal(await password(a, 'send_my_password'), 'failed 7', 'connection refused on port 8080');
  assert.doesNotMatch((await run('ip', ['netns', 'exec', a.netns, 'ss', '-Hltn'])).stdout, /:(80|8080)\b/);
  assert.match((await metadataStatus(a.dir, a.netns)).details, /does not serve this network/);
  assert.equal(await instanceId(b), '200 i-b');
  assert.deepEqual(daemonPids(stateDir), [second]);
  await stopMetadata(a.dir); // twice is fine
});

test('a namespace that does not exist is a readable error; the daemon leaves when its run dir is removed', { timeout: 60_000 }, async (t) => {
  const otherState = mkdtempSync(join(tmpdir(), `${prefix}-agent-`));
  t.after(() => {
    killDaemons(otherState);
    rmSync(otherState, { recursive: true, force: true });
  });
  const dir = join(otherState, 'net', 'n1');
  await assert.rejects(ensureMetadata(dir, `${prefix}r-none`, gateway, []), /cannot bind the metadata service on 10\.216\.6\.1 in namespace t\w+r-none: .*No such file/);
  assert.equal(daemonPids(otherState).length, 1);
  rmSync(otherState, { recursive: true, force: true });
  await waitUntil(() => daemonPids(otherState).length === 0, 'the daemon exits', 30_000);
});
