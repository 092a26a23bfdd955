import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { uniquePrefix } from '../../../../test/support/netns.ts';
import type { AgentConfig } from '../config.ts';
import { run } from '../exec.ts';
import type { AgentContext } from '../handlers/handler.ts';
import { bridgeName } from './names.ts';
import { deleteLink, ensureBridge, linkExists } from './links.ts';
import { deleteVlanPorts, ensureGuestLink, guestLink, parseBroadcastUri, vlanCommands, vlanDevice, vlanSupport } from './vlan.ts';
import { deleteVxlan } from './vxlan.ts';

const ctxOf = (config: Partial<AgentConfig>): AgentContext => ({ config: { prefix: uniquePrefix(), address: '127.0.0.1', ...config } as AgentConfig, log: pino({ level: 'silent' }) });

test('broadcast URIs: vlan://<1-4094> and vxlan://<vni> give their id, none keeps the network local, anything else is refused', () => {
  assert.deepEqual(parseBroadcastUri('vlan://100'), { scheme: 'vlan', id: 100 });
  assert.deepEqual(parseBroadcastUri('VLAN://4094'), { scheme: 'vlan', id: 4094 });
  assert.deepEqual(parseBroadcastUri('vxlan://5001'), { scheme: 'vxlan', id: 5001 });
  assert.deepEqual(parseBroadcastUri('vxlan://16777215'), { scheme: 'vxlan', id: 16_777_215 });
  assert.equal(parseBroadcastUri(undefined), undefined);
  for (const bad of ['vlan://0', 'vlan://4095', 'vxlan://0', 'vxlan://16777216', 'vxlan://', 'vxlan://12a', 'gre://5', 'vlan://untagged', '']) {
    assert.throws(() => parseBroadcastUri(bad), /is not supported: this agent carries networks between hosts as vlan:\/\/<id> \(1 to 4094\) or vxlan:\/\/<id>/, bad);
  }
});

test('the 802.1Q path: trunk up, <trunk>.<id> made unless it exists, enslaved to the bridge and up', () => {
  assert.deepEqual(vlanCommands('eth1', 100, 'nbb3f2a9c1e', false), [
    ['ip', 'link', 'set', 'dev', 'eth1', 'up'],
    ['ip', 'link', 'add', 'link', 'eth1', 'name', 'eth1.100', 'type', 'vlan', 'id', '100'],
    ['ip', 'link', 'set', 'dev', 'eth1.100', 'master', 'nbb3f2a9c1e', 'up'],
  ]);
  assert.deepEqual(vlanCommands('bond0', 4094, 'br', true), [
    ['ip', 'link', 'set', 'dev', 'bond0', 'up'],
    ['ip', 'link', 'set', 'dev', 'bond0.4094', 'master', 'br', 'up'],
  ]);
  assert.equal(vlanDevice('enp0s31f6', 4094), 'enp0s31f6.4094');
  assert.throws(() => vlanDevice('enp0s31f6np10', 4094), /enp0s31f6np10\.4094 of guest interface enp0s31f6np10 is longer than 15 characters/);
});

test('without a guest interface, vlan:// travels as VXLAN with VNI = VLAN id; vxlan:// as it is', async () => {
  const ctx = ctxOf({});
  assert.deepEqual(await guestLink(ctx, 'vlan://300'), { kind: 'vxlan', vni: 300 });
  assert.deepEqual(await guestLink(ctx, 'vxlan://70000'), { kind: 'vxlan', vni: 70_000 });
  assert.equal(await guestLink(ctx, undefined), undefined);
});

test('this kernel refuses 802.1Q devices: tried once on the guest interface, vlan:// falls back to VXLAN, whose device carries the bridge', async (t) => {
  const ctx = ctxOf({});
  const { prefix } = ctx.config;
  const trunk = `${prefix}trk`;
  const networkId = crypto.randomUUID();
  const bridge = bridgeName(prefix, networkId);
  t.after(async () => {
    await deleteVxlan(prefix, networkId).catch(() => undefined);
    await deleteLink(bridge).catch(() => undefined);
    await deleteLink(trunk).catch(() => undefined);
  });
  await run('ip', ['link', 'add', trunk, 'type', 'veth', 'peer', 'name', `${prefix}trp`]);
  const tried = await vlanSupport(prefix, trunk);
  if (tried.ok) return t.skip('this kernel makes 802.1Q devices: the fallback does not apply');
  assert.match(tried.why, /Unknown device type|not supported/i);
  assert.equal(await vlanSupport(prefix, trunk), tried, 'tried once');
  const withTrunk = { ...ctx, config: { ...ctx.config, guestInterface: trunk } };
  const link = await guestLink(withTrunk, 'vlan://123');
  assert.deepEqual(link, { kind: 'vxlan', vni: 123 });
  await ensureBridge(bridge);
  await ensureGuestLink(withTrunk, networkId, bridge, link as NonNullable<typeof link>);
  const { stdout } = await run('ip', ['-d', '-j', 'link', 'show', 'master', bridge]);
  const ports = JSON.parse(stdout) as { ifname: string; linkinfo?: { info_kind?: string; info_data?: { id?: number } } }[];
  assert.deepEqual(ports.map((p) => [p.linkinfo?.info_kind, p.linkinfo?.info_data?.id]), [['vxlan', 123]]);
  await deleteVlanPorts(bridge);
  assert.ok(await linkExists(ports[0].ifname), 'only 802.1Q ports are removed with the VLAN ports');
});
