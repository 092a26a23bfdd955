import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AgentCommand, AgentReply } from '@nimbus/protocol';
import { Simulator } from './simulator.ts';
import { vmSpec } from './test-support.ts';

const GiB = 1024 ** 3;

function setup() {
  const sim = new Simulator();
  sim.addHost({ id: 'h1', name: 'host-1' });
  const send = (cmd: AgentCommand) => sim.send('h1', cmd) as AgentReply;
  const error = (cmd: AgentCommand) => (send(cmd) as { ok: false; error: string }).error;
  const root = { volumeId: 'r1', path: 'p/r1', type: 'ROOT' as const, sizeBytes: 8 * GiB, deviceId: 0 };
  send({ kind: 'CreateVolume', volume: { id: 'r1', name: 'ROOT-1', poolId: 'p', sizeBytes: 8 * GiB }, templatePath: 'tmpl/t1' });
  return { sim, send, error, root };
}

describe('simulator: volumes', () => {
  it('creates a linked clone under the pool, idempotently', () => {
    const { sim, send } = setup();
    assert.deepEqual(send({ kind: 'CreateVolume', volume: { id: 'r1', name: 'ROOT-1', poolId: 'p', sizeBytes: 1 } }), { ok: true, path: 'p/r1', sizeBytes: 8 * GiB });
    assert.equal(sim.state.volumes.get('p/r1')?.templatePath, 'tmpl/t1');
  });

  it('refuses to delete a volume a running guest uses; deletes it once stopped, and again harmlessly', () => {
    const { sim, send, error, root } = setup();
    send({ kind: 'StartVm', vm: vmSpec('i-1', [root]) });
    assert.match(error({ kind: 'DeleteVolume', path: 'p/r1' }), /in use by running guest i-1/);
    send({ kind: 'StopVm', instanceName: 'i-1', force: false });
    assert.equal(send({ kind: 'DeleteVolume', path: 'p/r1' }).ok, true);
    assert.equal(send({ kind: 'DeleteVolume', path: 'p/r1' }).ok, true);
    assert.equal(sim.state.volumes.size, 0);
  });

  it('grows a volume, and shrinks it only with shrinkOk', () => {
    const { send, error } = setup();
    assert.deepEqual(send({ kind: 'ResizeVolume', path: 'p/r1', sizeBytes: 10 * GiB, shrinkOk: false }), { ok: true, sizeBytes: 10 * GiB });
    assert.match(error({ kind: 'ResizeVolume', path: 'p/r1', sizeBytes: GiB, shrinkOk: false }), /needs shrinkok/);
    assert.equal(send({ kind: 'ResizeVolume', path: 'p/r1', sizeBytes: GiB, shrinkOk: true }).ok, true);
    assert.match(error({ kind: 'ResizeVolume', path: 'p/x', sizeBytes: GiB, shrinkOk: true }), /does not exist/);
  });

  it('attaches to and detaches from a running guest only, one volume per device', () => {
    const { send, error } = setup();
    send({ kind: 'CreateVolume', volume: { id: 'd1', name: 'DATA-1', poolId: 'p', sizeBytes: GiB } });
    send({ kind: 'CreateVolume', volume: { id: 'd2', name: 'DATA-2', poolId: 'p', sizeBytes: GiB } });
    const disk = (id: string, deviceId: number) => ({ volumeId: id, path: `p/${id}`, type: 'DATADISK' as const, sizeBytes: GiB, deviceId });
    assert.match(error({ kind: 'AttachVolume', instanceName: 'i-1', disk: disk('d1', 1) }), /not running/);
    send({ kind: 'StartVm', vm: vmSpec('i-1') });
    send({ kind: 'StartVm', vm: vmSpec('i-2') });
    assert.deepEqual(send({ kind: 'AttachVolume', instanceName: 'i-1', disk: disk('d1', 1) }), { ok: true, deviceId: 1 });
    assert.match(error({ kind: 'AttachVolume', instanceName: 'i-1', disk: disk('d2', 1) }), /Device 1 of i-1 is taken/);
    assert.match(error({ kind: 'AttachVolume', instanceName: 'i-2', disk: disk('d1', 1) }), /in use by running guest i-1/);
    assert.match(error({ kind: 'AttachVolume', instanceName: 'i-1', disk: disk('zz', 2) }), /does not exist/);
    assert.equal(send({ kind: 'DetachVolume', instanceName: 'i-1', path: 'p/d1' }).ok, true);
    assert.match(error({ kind: 'DetachVolume', instanceName: 'i-1', path: 'p/d1' }), /not attached/);
    assert.equal(send({ kind: 'AttachVolume', instanceName: 'i-2', disk: disk('d1', 1) }).ok, true);
  });
});

describe('simulator: snapshots', () => {
  it('snapshots a volume and reverts it, not while a running guest uses it', () => {
    const { send, error, root } = setup();
    assert.deepEqual(send({ kind: 'CreateSnapshot', volumePath: 'p/r1', snapshotId: 's1' }), { ok: true, path: 'p/r1@s1', sizeBytes: 8 * GiB });
    send({ kind: 'ResizeVolume', path: 'p/r1', sizeBytes: 20 * GiB, shrinkOk: false });
    send({ kind: 'StartVm', vm: vmSpec('i-1', [root]) });
    assert.match(error({ kind: 'RevertSnapshot', volumePath: 'p/r1', snapshotPath: 'p/r1@s1' }), /stop it before reverting/);
    send({ kind: 'StopVm', instanceName: 'i-1', force: false });
    assert.deepEqual(send({ kind: 'RevertSnapshot', volumePath: 'p/r1', snapshotPath: 'p/r1@s1' }), { ok: true, sizeBytes: 8 * GiB });
    assert.match(error({ kind: 'RevertSnapshot', volumePath: 'p/r1', snapshotPath: 'p/zz@s1' }), /not a snapshot of volume/);
    assert.match(error({ kind: 'CreateSnapshot', volumePath: 'p/zz', snapshotId: 's2' }), /does not exist/);
    assert.equal(send({ kind: 'DeleteSnapshot', path: 'p/r1@s1' }).ok, true);
    assert.match(error({ kind: 'RevertSnapshot', volumePath: 'p/r1', snapshotPath: 'p/r1@s1' }), /not a snapshot/);
  });

  it('reverts a guest to a memory snapshot running, to a disk-only one stopped', () => {
    const { sim, send, error, root } = setup();
    assert.match(error({ kind: 'CreateVmSnapshot', instanceName: 'i-1', snapshotId: 'm', memory: true }), /needs i-1 running/);
    send({ kind: 'StartVm', vm: vmSpec('i-1', [root]) });
    assert.deepEqual(send({ kind: 'CreateVmSnapshot', instanceName: 'i-1', snapshotId: 'm', memory: true }), { ok: true, sizeBytes: 8 * GiB + 512 * 1024 ** 2 });
    assert.equal(send({ kind: 'CreateVmSnapshot', instanceName: 'i-1', snapshotId: 'd', memory: false }).ok, true);
    send({ kind: 'ResizeVolume', path: 'p/r1', sizeBytes: 9 * GiB, shrinkOk: false });
    assert.deepEqual(send({ kind: 'RevertVmSnapshot', instanceName: 'i-1', snapshotId: 'd' }), { ok: true, powerState: 'PowerOff' });
    assert.equal(sim.state.powerState('i-1'), 'PowerOff');
    assert.equal(sim.state.volumes.get('p/r1')?.sizeBytes, 8 * GiB);
    assert.deepEqual(send({ kind: 'RevertVmSnapshot', instanceName: 'i-1', snapshotId: 'm' }), { ok: true, powerState: 'PowerOn' });
    assert.equal(sim.state.running.get('i-1'), 'h1');
    assert.equal(send({ kind: 'DeleteVmSnapshot', instanceName: 'i-1', snapshotId: 'm' }).ok, true);
    assert.match(error({ kind: 'RevertVmSnapshot', instanceName: 'i-1', snapshotId: 'm' }), /has no snapshot m/);
  });
});
