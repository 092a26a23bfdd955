import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createNetns, uniquePrefix } from '../../../../../test/support/netns.ts';
import { cmdline, signal } from '../process.ts';
import { ensureMetadata, metadataStatus } from './service.ts';
import { killDaemons, waitUntil } from './test-support.ts';

// An agent upgraded in place: its routers still run their own metadata process (metadata/server.ts) on the ports the
// host daemon must bind (needs root).

const prefix = uniquePrefix();
const stateDir = mkdtempSync(join(tmpdir(), `${prefix}-agent-`));
const gateway = '10.216.7.1';
let legacyPid: number | undefined;
const ns = await createNetns(`${prefix}r-legacy`);
after(async () => {
  if (legacyPid) signal(legacyPid, 'SIGKILL');
  killDaemons(stateDir);
  await ns.delete();
  rmSync(stateDir, { recursive: true, force: true });
});

test("the first ensureMetadata after an upgrade stops the router's own metadata process and serves in its place", { timeout: 60_000 }, async () => {
  await ns.ip(['addr', 'add', `${gateway}/24`, 'dev', 'lo']);
  const networkDir = join(stateDir, 'net', 'legacy');
  const legacyScript = join(stateDir, 'old', 'metadata', 'server.ts');
  mkdirSync(join(stateDir, 'old', 'metadata'), { recursive: true });
  mkdirSync(networkDir, { recursive: true });
  writeFileSync(legacyScript, `import { createServer } from 'node:net';\nfor (const p of [80, 8080]) createServer().listen(p, '${gateway}');\n`);
  const child = spawn('nsenter', [`--net=/run/netns/${ns.name}`, process.execPath, legacyScript, join(networkDir, 'metadata'), gateway], { stdio: 'ignore' });
  legacyPid = child.pid!;
  writeFileSync(join(networkDir, 'metadata.pid'), `${legacyPid}\n`);
  await waitUntil(async () => /:8080\b/.test((await ns.exec('ss', ['-Hltn'])).stdout), 'the old process listens');

  assert.equal(await ensureMetadata(networkDir, ns.name, gateway, [{ ip: '10.216.7.10', metaData: {}, publicKeys: [] }]), 'started');
  assert.equal(cmdline(legacyPid), undefined, 'the old process is gone');
  const status = await metadataStatus(networkDir, ns.name);
  assert.equal(status.success, true, status.details);
});
