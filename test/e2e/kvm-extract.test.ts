import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ApiClient, Body } from '../support/client.ts';
import { kvmMissing, startKvmCloud, type KvmCloud, type KvmZone } from '../support/kvm.ts';

// Downloads from a real host: the management server streams a volume's qcow2 file from the agent that reaches its pool
// over the agent's WebSocket. Known bytes written into a data volume come back in the downloaded file; a ROOT disk
// (a linked clone of the template) comes back as a standalone image with the same content. Needs root and QEMU.

const BOOT_MS = 120_000;

const qemuImg = (args: string[]) => execFileSync('qemu-img', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

describe('KVM host: extractVolume and extractTemplate stream real files', { timeout: 600_000, skip: kvmMissing }, () => {
  let cloud: KvmCloud;
  let admin: ApiClient;
  let zone: KvmZone;
  let poolDir: string;
  let scratch: string;

  before(async () => {
    cloud = await startKvmCloud();
    ({ admin, zone } = cloud);
    poolDir = join(cloud.dir, 'primary');
    scratch = cloud.dir;
  });
  after(() => cloud?.stop());

  /** Runs an extract job and saves what its URL gives. */
  async function download(command: string, params: Record<string, string>, key: string, file: string): Promise<{ path: string; info: Body }> {
    const job = await admin.job(command, { ...params, mode: 'HTTP_DOWNLOAD' }, 60_000);
    assert.equal(job.jobstatus, 1, JSON.stringify(job.jobresult));
    const res = await fetch(job.jobresult[key].url as string);
    assert.equal(res.status, 200, await res.clone().text());
    const path = join(scratch, file);
    writeFileSync(path, Buffer.from(await res.arrayBuffer()));
    return { path, info: JSON.parse(qemuImg(['info', '--output=json', path])) as Body };
  }

  it('gives back the bytes written into a data volume', async () => {
    const offering = ((await admin.ok('listDiskOfferings', {})).diskoffering as Body[]).find((o) => o.iscustomized === true) as Body;
    const job = await admin.job('createVolume', { name: 'data', zoneid: zone.zone.id, diskofferingid: offering.id, size: 1 }, 60_000);
    assert.equal(job.jobstatus, 1, JSON.stringify(job.jobresult));
    const volume = job.jobresult.volume as Body;
    const onPool = join(poolDir, `${volume.id}.qcow2`);
    execFileSync('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0xa5 1M 4M', onPool], { stdio: 'ignore' });
    const { path, info } = await download('extractVolume', { id: volume.id, zoneid: zone.zone.id }, 'volume', 'data.qcow2');
    assert.equal(info.format, 'qcow2');
    assert.equal(info['virtual-size'], 1024 ** 3);
    // qemu-io fails (non-zero) when the pattern does not match.
    execFileSync('qemu-io', ['-r', '-f', 'qcow2', '-c', 'read -P 0xa5 1M 4M', '-c', 'read -P 0 0 1M', path], { stdio: 'ignore' });
  });

  it('gives a stopped VM\'s ROOT disk as a standalone image with its content, and the template from the pool', async () => {
    const job = await admin.job('deployVirtualMachine', { zoneid: zone.zone.id, templateid: zone.template.id, serviceofferingid: zone.offering.id, name: 'src', startvm: false }, BOOT_MS);
    assert.equal(job.jobstatus, 1, JSON.stringify(job.jobresult));
    const vm = job.jobresult.virtualmachine as Body;
    const [root] = (await admin.ok('listVolumes', { virtualmachineid: vm.id, type: 'ROOT' })).volume as Body[];
    const onPool = join(poolDir, `${root.id}.qcow2`);
    assert.ok((JSON.parse(qemuImg(['info', '--output=json', onPool])) as Body)['backing-filename'], 'on the pool, the ROOT disk is a linked clone');
    const { path, info } = await download('extractVolume', { id: root.id, zoneid: zone.zone.id }, 'volume', 'root.qcow2');
    assert.equal(info.format, 'qcow2');
    assert.equal(info['backing-filename'], undefined, 'the download stands alone');
    assert.equal(info['virtual-size'], root.size);
    assert.match(qemuImg(['compare', '-f', 'qcow2', '-F', 'qcow2', onPool, path]), /Images are identical/);
    assert.deepEqual(readdirSync(poolDir).filter((f) => f.includes('.download-')), [], 'the flattened copy is gone once sent');

    const t = await download('extractTemplate', { id: zone.template.id, zoneid: zone.zone.id }, 'template', 'template.qcow2');
    assert.match(qemuImg(['compare', '-f', 'qcow2', '-F', 'qcow2', join(poolDir, `template-${zone.template.id}.qcow2`), t.path]), /Images are identical/);
  });
});
