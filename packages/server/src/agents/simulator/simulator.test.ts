import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AgentCommand, ReplyOf } from '@nimbus/protocol';
import { AgentUnreachable } from '../transport.ts';
import { Simulator } from './simulator.ts';
import { vmSpec } from './test-support.ts';

function setup() {
  const sim = new Simulator();
  sim.addHost({ id: 'h1', name: 'host-1', cpuNumber: 2, cpuSpeed: 1000, memoryBytes: 4 * 1024 ** 3 });
  sim.addHost({ id: 'h2', name: 'host-2' });
  const send = <C extends AgentCommand>(hostId: string, cmd: C) => sim.send(hostId, cmd) as ReplyOf<C>;
  return { sim, send };
}

describe('simulator: guests', () => {
  it('starts, pings, reboots and stops a guest; a repeated start or stop is harmless', () => {
    const { sim, send } = setup();
    assert.equal(send('h1', { kind: 'StartVm', vm: vmSpec('i-1') }).ok, true);
    assert.equal(send('h1', { kind: 'StartVm', vm: vmSpec('i-1') }).ok, true);
    assert.deepEqual(send('h1', { kind: 'PingHost' }), { ok: true, vmStates: { 'i-1': 'PowerOn' } });
    assert.equal(send('h1', { kind: 'RebootVm', instanceName: 'i-1' }).ok, true);
    assert.equal(send('h1', { kind: 'StopVm', instanceName: 'i-1', force: false }).ok, true);
    assert.equal(send('h1', { kind: 'StopVm', instanceName: 'i-1', force: true }).ok, true);
    assert.deepEqual(send('h1', { kind: 'PingHost' }), { ok: true, vmStates: {} });
    assert.match((send('h1', { kind: 'RebootVm', instanceName: 'i-1' }) as { error: string }).error, /not running on host host-1/);
    assert.equal(sim.state.running.size, 0);
  });

  it('refuses to start a guest that runs on another host', () => {
    const { send } = setup();
    send('h1', { kind: 'StartVm', vm: vmSpec('i-1') });
    assert.match((send('h2', { kind: 'StartVm', vm: vmSpec('i-1') }) as { error: string }).error, /already running on host host-1/);
  });

  it('migrates a running guest, keeping its hot-plugged disks', () => {
    const { sim, send } = setup();
    send('h1', { kind: 'CreateVolume', volume: { id: 'd1', name: 'DATA', poolId: 'p', sizeBytes: 10 } });
    send('h1', { kind: 'StartVm', vm: vmSpec('i-1') });
    const disk = { volumeId: 'd1', path: 'p/d1', type: 'DATADISK' as const, sizeBytes: 10, deviceId: 1 };
    assert.equal(send('h1', { kind: 'AttachVolume', instanceName: 'i-1', disk }).ok, true);
    assert.match((send('h1', { kind: 'MigrateVm', instanceName: 'i-1', targetHost: 'h1' }) as { error: string }).error, /already runs/);
    assert.match((send('h1', { kind: 'MigrateVm', instanceName: 'i-1', targetHost: 'nope' }) as { error: string }).error, /unreachable/);
    assert.equal(send('h1', { kind: 'MigrateVm', instanceName: 'i-1', targetHost: 'h2' }).ok, true);
    assert.equal(sim.state.running.get('i-1'), 'h2');
    assert.deepEqual(sim.host('h2')?.vms?.get('i-1')?.disks.map((d) => d.path), ['p/d1']);
    assert.equal(sim.host('h1')?.vms, undefined);
    assert.match((send('h1', { kind: 'MigrateVm', instanceName: 'i-1', targetHost: 'h2' }) as { error: string }).error, /not running on host host-1/);
  });

  it('reports host and guest statistics from what runs', () => {
    const { send } = setup();
    send('h1', { kind: 'StartVm', vm: vmSpec('i-1') });
    const host = send('h1', { kind: 'GetHostStats' });
    assert.ok(host.ok);
    assert.equal(host.vmCount, 1);
    assert.equal(host.memoryFreeBytes, 4 * 1024 ** 3 - 512 * 1024 ** 2);
    assert.ok(host.cpuUtilization > 0 && host.cpuUtilization <= 100);
    const vms = send('h1', { kind: 'GetVmStats', instanceNames: ['i-1', 'i-absent'] });
    assert.ok(vms.ok);
    assert.deepEqual(Object.keys(vms.stats), ['i-1']);
    assert.equal(vms.stats['i-1'].memoryKBs, 512 * 1024);
  });

  it('answers ReadyHost with the figures given, or CloudStack simulator defaults', () => {
    const { send } = setup();
    const one = send('h1', { kind: 'ReadyHost', hostId: 'h1', name: 'host-1' });
    assert.ok(one.ok);
    assert.equal(one.cpuNumber, 2);
    assert.equal(one.memoryBytes, 4 * 1024 ** 3);
    const two = send('h2', { kind: 'ReadyHost', hostId: 'h2', name: 'host-2' });
    assert.ok(two.ok);
    assert.deepEqual([two.cpuNumber, two.cpuSpeed, two.memoryBytes], [4, 8000, 8 * 1024 ** 3]);
  });
});

describe('simulator: fault injection', () => {
  it('fails exactly the next N starts, then starts again', () => {
    const { sim, send } = setup();
    sim.configure('h1', { failNextStarts: 2 });
    assert.match((send('h1', { kind: 'StartVm', vm: vmSpec('i-1') }) as { error: string }).error, /Simulated failure starting i-1 on host host-1/);
    assert.equal(send('h1', { kind: 'StartVm', vm: vmSpec('i-1') }).ok, false);
    assert.equal(sim.state.running.size, 0);
    assert.equal(send('h1', { kind: 'StartVm', vm: vmSpec('i-1') }).ok, true);
    assert.equal(send('h2', { kind: 'StartVm', vm: vmSpec('i-2') }).ok, true);
  });

  it('a host taken down answers nothing; brought up, it answers again with its guests', () => {
    const { sim, send } = setup();
    send('h1', { kind: 'StartVm', vm: vmSpec('i-1') });
    sim.configure('h1', { down: true });
    assert.throws(() => sim.send('h1', { kind: 'PingHost' }), AgentUnreachable);
    assert.throws(() => sim.send('unknown', { kind: 'PingHost' }), AgentUnreachable);
    sim.configure('h1', { down: false });
    assert.deepEqual(send('h1', { kind: 'PingHost' }), { ok: true, vmStates: { 'i-1': 'PowerOn' } });
  });

  it('delays answers by the latency, and the command takes effect when answered', async () => {
    const { sim } = setup();
    sim.configure('h1', { latencyMs: 30 });
    const pending = sim.send('h1', { kind: 'StartVm', vm: vmSpec('i-1') });
    assert.ok(pending instanceof Promise);
    assert.equal(sim.state.running.size, 0);
    assert.equal((await pending).ok, true);
    assert.equal(sim.state.running.get('i-1'), 'h1');
  });

  it('keeps faults and guests across a reconnect; removing the host drops its guests', () => {
    const { sim } = setup();
    sim.send('h1', { kind: 'StartVm', vm: vmSpec('i-1') });
    sim.configure('h1', { failNextStarts: 1 });
    sim.addHost({ id: 'h1', name: 'host-1' });
    assert.equal(sim.host('h1')?.failNextStarts, 1);
    assert.equal(sim.state.running.get('i-1'), 'h1');
    sim.removeHost('h1');
    assert.equal(sim.state.running.size, 0);
    assert.equal(sim.configure('h1', { down: true }), undefined);
  });
});
