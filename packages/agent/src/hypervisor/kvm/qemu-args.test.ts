import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { VmSpec } from '@nimbus/protocol';
import { accelArgs } from './accel.ts';
import { qemuArgs } from './qemu-args.ts';
import type { RunFiles } from './run-files.ts';

const files: RunFiles = { pid: '/r/i-1.pid', qmp: '/r/i-1.qmp', vnc: '/r/i-1.vnc', log: '/r/i-1.log', json: '/r/i-1.json' };
const vm: VmSpec = {
  id: 'v1', instanceName: 'i-1', cpu: 2, speed: 1000, memory: 512 * 1024 * 1024,
  disks: [
    { volumeId: 'd', path: '/pool/data,1.qcow2', type: 'DATADISK', sizeBytes: 1, deviceId: 1 },
    { volumeId: 'r', path: '/pool/root.qcow2', type: 'ROOT', sizeBytes: 1, deviceId: 0 },
  ],
  nics: [{ id: 'n', networkId: 'net', mac: '02:00:00:00:00:01', isDefault: true, deviceId: 0 }],
};

test('the command line names the guest, runs it daemonised with its run files, ROOT disk first, NICs on their taps, devices at fixed PCI slots', () => {
  const args = qemuArgs(vm, files, ['-accel', 'tcg'], new Map([[0, 'tvt0a1b2c0']]));
  const joined = args.join(' ');
  assert.equal(args.slice(0, 2).join(' '), '-name i-1');
  assert.match(joined, /-m 512 -smp 2 -nodefaults -no-user-config -display none -serial file:\/r\/i-1\.log -pidfile \/r\/i-1\.pid /);
  assert.match(joined, /-qmp unix:\/r\/i-1\.qmp,server=on,wait=off -vnc unix:\/r\/i-1\.vnc -device VGA,addr=0x02 -daemonize/);
  assert.match(joined, /-drive file=\/pool\/root\.qcow2,if=none,id=drive0,format=qcow2 -device virtio-blk-pci,drive=drive0,id=disk0,addr=0x0b,bootindex=0 /);
  assert.match(joined, /-drive file=\/pool\/data,,1\.qcow2,if=none,id=drive1,format=qcow2 -device virtio-blk-pci,drive=drive1,id=disk1,addr=0x0c /);
  assert.match(joined, /-netdev tap,id=n0,ifname=tvt0a1b2c0,script=no,downscript=no -device virtio-net-pci,netdev=n0,mac=02:00:00:00:00:01,addr=0x03$/);
  assert.doesNotMatch(joined, /-kernel|-append/);
});

test('memory is at least 80 MiB; a NIC without a tap, or a device id beyond the PCI slots, is an error', () => {
  const small = qemuArgs({ ...vm, memory: 32 * 1024 * 1024, nics: [] }, files, [], new Map());
  assert.equal(small[small.indexOf('-m') + 1], '80');
  assert.throws(() => qemuArgs(vm, files, [], new Map()), /No tap device for NIC n/);
  const many = { ...vm, nics: [], disks: [{ ...vm.disks[0], deviceId: 21 }] };
  assert.throws(() => qemuArgs(many, files, [], new Map()), /room for 21 virtio disks .* device id 21 is too high/);
});

test('auto picks KVM only with a VMX/SVM module and no PVM', () => {
  const tcg = ['-accel', 'tcg,thread=single,tb-size=32', '-cpu', 'max'];
  const kvm = ['-accel', 'kvm', '-cpu', 'host'];
  const has = (...paths: string[]) => (p: string) => paths.includes(p);
  assert.deepEqual(accelArgs('auto', has('/dev/kvm', '/sys/module/kvm_pvm')), tcg);
  assert.deepEqual(accelArgs('auto', has('/sys/module/kvm_intel')), kvm);
  assert.deepEqual(accelArgs('auto', has('/sys/module/kvm_amd', '/sys/module/kvm_pvm')), tcg);
  assert.deepEqual(accelArgs('kvm', has()), kvm);
  assert.deepEqual(accelArgs('tcg', has('/sys/module/kvm_intel')), tcg);
});
