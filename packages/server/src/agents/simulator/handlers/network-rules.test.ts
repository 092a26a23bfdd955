import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CommandOfKind } from '@nimbus/protocol';
import { Simulator } from '../simulator.ts';
import { appliedRules } from './network-rules.ts';

const rules = (portForwards: CommandOfKind<'ApplyNetworkRules'>['portForwards']): CommandOfKind<'ApplyNetworkRules'> => ({
  kind: 'ApplyNetworkRules',
  networkId: 'net-1',
  publicIps: [{ id: 'ip-1', ip: '198.51.100.10', sourceNat: false }],
  portForwards,
  staticNats: [],
  firewall: [],
  egress: [],
});
const pf = (id: string, from: number, to: number, publicIp = '198.51.100.10') => ({ id, publicIp, protocol: 'tcp' as const, publicPorts: [from, to] as [number, number], guestIp: '10.1.1.2', privatePorts: [from, to] as [number, number] });

describe('simulated router rules', () => {
  it('keeps the last rule set a host accepted per network, and refuses a set its router could not load', async () => {
    const sim = new Simulator();
    const host = sim.addHost({ id: 'h1', name: 'h1' });
    assert.deepEqual(await sim.send('h1', rules([pf('a', 22, 22), pf('b', 80, 90)])), { ok: true });
    assert.equal(appliedRules(host, 'net-1')?.portForwards.length, 2);
    const clash = await sim.send('h1', rules([pf('a', 22, 22), pf('b', 20, 25)]));
    assert.deepEqual(clash, { ok: false, error: 'port forwards a and b both catch tcp port 22 of 198.51.100.10' });
    const stranger = await sim.send('h1', rules([pf('c', 22, 22, '203.0.113.1')]));
    assert.equal(stranger.ok, false);
    assert.equal(appliedRules(host, 'net-1')?.portForwards.length, 2, 'a refused set leaves the last one in place');
  });
});
