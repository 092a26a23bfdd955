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

describe('simulated router load balancers', () => {
  const lb = (id: string, publicPort: number, publicIp = '198.51.100.10') => ({
    id,
    publicIp,
    publicPort,
    privatePort: 80,
    algorithm: 'roundrobin' as const,
    protocol: 'tcp' as const,
    sourceCidrs: [],
    members: [{ vmId: 'vm-1', ip: '10.1.1.2' }],
  });

  it('takes load balancers beside port forwards, and refuses one on a port already caught or an address the network lacks', async () => {
    const sim = new Simulator();
    const host = sim.addHost({ id: 'h1', name: 'h1' });
    assert.deepEqual(await sim.send('h1', { ...rules([pf('a', 22, 22)]), loadBalancers: [lb('w', 80), lb('x', 443)] }), { ok: true });
    assert.deepEqual(appliedRules(host, 'net-1')?.loadBalancers?.map((l) => l.id), ['w', 'x']);
    const onForward = await sim.send('h1', { ...rules([pf('a', 20, 25)]), loadBalancers: [lb('w', 22)] });
    assert.deepEqual(onForward, { ok: false, error: 'port forward a and load balancer w both catch tcp port 22 of 198.51.100.10' });
    const twice = await sim.send('h1', { ...rules([]), loadBalancers: [lb('w', 80), lb('x', 80)] });
    assert.deepEqual(twice, { ok: false, error: 'load balancer w and load balancer x both catch tcp port 80 of 198.51.100.10' });
    const udp = await sim.send('h1', { ...rules([{ ...pf('u', 80, 80), protocol: 'udp' }]), loadBalancers: [lb('w', 80)] });
    assert.deepEqual(udp, { ok: true }, 'a udp forward and a tcp load balancer share a port number');
    const stranger = await sim.send('h1', { ...rules([]), loadBalancers: [lb('y', 80, '203.0.113.1')] });
    assert.equal(stranger.ok, false);
    assert.deepEqual(appliedRules(host, 'net-1')?.portForwards.map((p) => p.id), ['u'], 'a refused set leaves the last one in place');
  });
});
