import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuSpeedMHz, cpuTimes, hostHardware, hostUsage, memory, networkKBs, qemuVersion } from './host-stats.ts';

test('parsers of /proc and of qemu --version', () => {
  assert.equal(cpuSpeedMHz('processor\t: 0\ncpu MHz\t\t: 2596.142\n', 1000), 2596);
  assert.equal(cpuSpeedMHz(null, 0), 1);
  assert.equal(cpuSpeedMHz('no speed here', 1800), 1800);
  assert.equal(qemuVersion('QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)\nCopyright'), '7.2.22');
  assert.throws(() => qemuVersion('something else'), /Cannot read the QEMU version/);
  assert.deepEqual(cpuTimes('cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 1 2 3'), { busy: 150, total: 1000 });
  assert.deepEqual(memory('MemTotal:       2048 kB\nMemFree:         100 kB\nMemAvailable:    1024 kB\n'), { totalBytes: 2048 * 1024, freeBytes: 1024 * 1024 });
  const netDev = [
    'Inter-|   Receive                                                |  Transmit',
    ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
    '    lo: 9999 1 0 0 0 0 0 0 9999 1 0 0 0 0 0 0',
    '  eth0: 2048 2 0 0 0 0 0 0 4096 3 0 0 0 0 0 0',
  ].join('\n');
  assert.deepEqual(networkKBs(netDev), { readKBs: 2, writeKBs: 4 });
});

test('the host reports its hardware and usage', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'nimbus-host-'));
  after(() => rm(dir, { recursive: true, force: true }));
  const local = join(dir, 'local');
  const hw = await hostHardware(local);
  assert.ok((await stat(local)).isDirectory(), 'the local storage directory is created');
  assert.ok(hw.cpuNumber >= 1 && hw.cpuSpeed >= 1 && hw.memoryBytes > 0 && hw.localStorageBytes > 0);
  assert.match(hw.hypervisorVersion, /^\d+\.\d+/);
  await hostUsage();
  const usage = await hostUsage();
  assert.ok(usage.cpuUtilization >= 0 && usage.cpuUtilization <= 100);
  assert.ok(usage.memoryFreeBytes > 0 && usage.memoryFreeBytes <= usage.memoryTotalBytes);
});
