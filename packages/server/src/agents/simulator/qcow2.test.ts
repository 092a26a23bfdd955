import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { emptyQcow2 } from './qcow2.ts';

test('the simulator\'s qcow2 is one qemu-img reads and checks clean, of the virtual size asked', { skip: !existsSync('/usr/bin/qemu-img') && 'needs qemu-img' }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nimbus-qcow2-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const size of [512, 3 * 1024 ** 3, 2 * 1024 ** 4 + 512]) {
    const file = join(dir, `${size}.qcow2`);
    writeFileSync(file, emptyQcow2(size));
    const info = JSON.parse(execFileSync('qemu-img', ['info', '--output=json', file]).toString()) as { format: string; 'virtual-size': number };
    assert.deepEqual([info.format, info['virtual-size']], ['qcow2', size]);
    execFileSync('qemu-img', ['check', file], { stdio: 'ignore' });
  }
});
