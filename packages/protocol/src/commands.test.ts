import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answerSchemas, commandSchemas, parseCommand, parseReply, type CommandOfKind } from './index.ts';

const vm = {
  id: 'vm-1',
  instanceName: 'i-2-10-VM',
  cpu: 1,
  speed: 500,
  memory: 512 * 1024 * 1024,
  disks: [{ volumeId: 'v-1', path: 'pool/v-1', type: 'ROOT', sizeBytes: 1, deviceId: 0 }],
  nics: [{ id: 'n-1', networkId: 'net-1', mac: '02:00:12:34:56:78', ip: '10.1.1.2', isDefault: true, deviceId: 0 }],
};

describe('agent protocol', () => {
  it('has an answer for every command kind', () => {
    assert.deepEqual(Object.keys(answerSchemas).sort(), Object.keys(commandSchemas).sort());
  });

  it('accepts a well-formed command and keeps its fields', () => {
    const cmd = parseCommand({ kind: 'StartVm', vm }) as CommandOfKind<'StartVm'>;
    assert.equal(cmd.vm.instanceName, 'i-2-10-VM');
    assert.equal(cmd.vm.nics[0].mac, '02:00:12:34:56:78');
  });

  it('refuses an unknown kind, a missing field and a bad MAC, naming the problem', () => {
    assert.throws(() => parseCommand({ kind: 'FormatDisk' }), /invalid agent command/);
    assert.throws(() => parseCommand({ kind: 'StopVm', instanceName: 'i-1' }), /force/);
    const badMac = { ...vm, nics: [{ ...vm.nics[0], mac: 'zz' }] };
    assert.throws(() => parseCommand({ kind: 'StartVm', vm: badMac }), /mac/);
  });

  it('checks replies against the command kind: answers and failures', () => {
    assert.deepEqual(parseReply('StartVm', { ok: true, vncPort: 5901 }), { ok: true, vncPort: 5901 });
    assert.deepEqual(parseReply('StartVm', { ok: false, error: 'no memory' }), { ok: false, error: 'no memory' });
    assert.throws(() => parseReply('StartVm', { ok: true }), /invalid answer to StartVm/);
    assert.throws(() => parseReply('CreateVolume', { ok: true, sizeBytes: 1 }), /path/);
  });
});
