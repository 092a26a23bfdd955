import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommandOfKind, GuestData } from '@nimbus/protocol';
import { createNetns } from '../../../../../test/support/netns.ts';
import { run } from '../../exec.ts';
import { destroyNetwork, setupNetwork } from '../../handlers/network.ts';
import { bridgeName, networkDir, routerNetns } from '../names.ts';
import { metadataStatus, runningMetadata } from './service.ts';
import { routerFixture } from '../test-support.ts';
import { daemonPids, killDaemons, waitUntil } from './test-support.ts';

// The real service for a router namespace (needs root), asked by a client namespace on the network's bridge that holds
// two guests' addresses and picks the source address per request, as two guests would.

const fx = routerFixture('mv0');
const { prefix, ctx, networkId, clientVeth } = fx;
after(() => killDaemons(fx.stateDir));

const gateway = '10.216.5.1';
const guestA: GuestData = {
  ip: '10.216.5.10',
  userData: Buffer.from('#cloud-config\nhostname: vm-a\n').toString('base64'),
  metaData: { 'instance-id': 'i-2-10-VM', 'local-ipv4': '10.216.5.10', 'local-hostname': 'vm-a' },
  publicKeys: ['ssh-ed25519 AAAAC3Nza test@nimbus'],
  password: 'Pa55-first',
};
const guestB: GuestData = { ip: '10.216.5.11', metaData: { 'instance-id': 'i-2-11-VM' }, publicKeys: [] };

const setup = (guestData: GuestData[]): CommandOfKind<'SetupNetwork'> => ({
  kind: 'SetupNetwork',
  networkId,
  cidr: '10.216.5.0/24',
  gateway,
  netmask: '255.255.255.0',
  dns: [],
  leases: [],
  guestData,
});

/** An HTTP GET from the client namespace with that source address: `<status> <body>`. */
async function get(source: string, url: string, header?: string): Promise<string> {
  const args = ['-sS', '--max-time', '10', '--interface', source, '-w', ' %{http_code}', ...(header ? ['-H', header] : []), url];
  const { stdout } = await fx.client!.exec('curl', args, { timeoutMs: 15_000 });
  const i = stdout.lastIndexOf(' ');
  return `${stdout.slice(i + 1)} ${stdout.slice(0, i)}`;
}
const password = (source: string, request: string) => get(source, `http://${gateway}:8080/`, `DomU_Request: ${request}`);

test('the router serves each guest its own data and password, once; survives restarts; DestroyNetwork stops it', { timeout: 120_000 }, async () => {
  const dir = networkDir(ctx.config, networkId);
  assert.deepEqual(await setupNetwork(ctx, setup([guestA])), {});
  const first = runningMetadata(dir);
  assert.ok(first, 'the daemon runs');
  const netns = routerNetns(prefix, networkId);
  assert.equal((await metadataStatus(dir, netns)).success, true, (await metadataStatus(dir, netns)).details);

  const client = (fx.client = await createNetns(`${prefix}-guest`));
  await run('ip', ['link', 'add', clientVeth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', client.name]);
  await run('ip', ['link', 'set', 'dev', clientVeth, 'master', bridgeName(prefix, networkId), 'up']);
  await client.ip(['addr', 'add', `${guestA.ip}/24`, 'dev', 'eth0']);
  await client.ip(['addr', 'add', `${guestB.ip}/24`, 'dev', 'eth0']);
  await client.ip(['link', 'set', 'dev', 'eth0', 'up']);

  const a = guestA.ip;
  assert.equal(await get(a, `http://${gateway}/latest/user-data`), '200 #cloud-config\nhostname: vm-a\n');
  assert.equal(await get(a, `http://${gateway}/latest/meta-data/`), '200 instance-id\nlocal-ipv4\nlocal-hostname\npublic-keys\n');
  assert.equal(await get(a, `http://${gateway}/latest/meta-data/public-keys`), '200 ssh-ed25519 AAAAC3Nza test@nimbus\n');
  assert.equal(await get(a, `http://${gateway}/latest/meta-data/instance-id`), '200 i-2-10-VM');
  assert.equal(await get(a, `http://${gateway}/latest/local-ipv4`), '200 10.216.5.10');
  assert.match(await get(guestB.ip, `http://${gateway}/latest/user-data`), /^404 /, 'an address without data gets nothing');

  assert.equal(await password(a, 'send_my_password'), '200 Pa55-first');
  assert.equal(await password(a, 'send_my_password'), '200 Pa55-first', 'not acknowledged yet');
  assert.equal(await password(a, 'saved_password'), '200 saved_password');
  assert.equal(await password(a, 'send_my_password'), '200 saved_password');
  assert.equal(await password(a, 'what'), '200 bad_request');

  // New data is a file rewrite: the same process serves it.
  await setupNetwork(ctx, setup([guestA, guestB]));
  assert.equal(runningMetadata(dir)?.pid, first.pid, 'no restart for new guest data');
  assert.equal(await get(guestB.ip, `http://${gateway}/latest/meta-data/instance-id`), '200 i-2-11-VM');
  assert.match(await get(guestB.ip, `http://${gateway}/latest/user-data`), /^404 /);
  assert.equal(await password(guestB.ip, 'send_my_password'), '200 saved_password');

  // A killed daemon is started again, and does not forget the acknowledgement.
  process.kill(first.pid, 'SIGKILL');
  await waitUntil(() => runningMetadata(dir) === undefined, 'the daemon is gone');
  assert.match((await metadataStatus(dir, netns)).details, /not running/);
  await setupNetwork(ctx, setup([guestA, guestB]));
  const second = runningMetadata(dir);
  assert.ok(second && second.pid !== first.pid, 'restarted');
  assert.equal(await password(a, 'send_my_password'), '200 saved_password');

  // A reset password is handed out again; a guest dropped from the list gets 404.
  await setupNetwork(ctx, setup([{ ...guestA, password: 'Pa55-reset' }]));
  assert.equal(await password(a, 'send_my_password'), '200 Pa55-reset');
  assert.match(await get(guestB.ip, `http://${gateway}/latest/meta-data/`), /^404 /);

  // A router namespace re-created under the daemon: it binds in the new one.
  await run('ip', ['netns', 'del', netns]);
  assert.equal((await metadataStatus(dir, netns)).success, false, 'no namespace, no service');
  await setupNetwork(ctx, setup([guestA]));
  assert.equal(runningMetadata(dir)?.pid, second.pid, 'the same daemon');
  assert.equal((await metadataStatus(dir, netns)).success, true, (await metadataStatus(dir, netns)).details);
  const listeners = (await run('ip', ['netns', 'exec', netns, 'ss', '-Hltn'])).stdout;
  assert.match(listeners, new RegExp(`${gateway}:80\\b`));
  assert.match(listeners, new RegExp(`${gateway}:8080\\b`));
  await client.ip(['neigh', 'flush', 'all']); // the gateway's MAC is the new eth0's
  assert.equal(await password(a, 'send_my_password'), '200 saved_password', 'Pa55-first was acknowledged before');

  // DestroyNetwork has the daemon forget the network; the daemon itself stays for the host's other networks.
  await destroyNetwork(ctx, { kind: 'DestroyNetwork', networkId });
  assert.match((await metadataStatus(dir, netns)).details, /does not serve this network/);
  assert.deepEqual(daemonPids(fx.stateDir), [second.pid]);
});
