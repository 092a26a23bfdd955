import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ApiClient, Body } from '../support/client.ts';
import { job } from '../support/calls.ts';
import { buildSimZone, waitFor, type SimZone } from '../support/compute.ts';
import { assertResponseFields } from '../support/fidelity.ts';
import type { TenantAccount } from '../support/identity.ts';
import { testDialects, type TestServer } from '../support/server.ts';
import { tenantWorld } from '../support/tenants.ts';

const MiB = 1024 ** 2;

/** POSTs a file as CloudStack's UI does: multipart/form-data to postURL with the three signed headers. */
async function upload(params: Body, file: Buffer, headers: Record<string, string> = {}) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), 'image.bin');
  const res = await fetch(params.postURL as string, {
    method: 'POST',
    body: form,
    headers: { 'X-signature': params.signature as string, 'X-metadata': params.metadata as string, 'X-expires': params.expires as string, ...headers },
  });
  return { status: res.status, text: await res.text() };
}

for (const dialect of testDialects()) {
  describe(`template and ISO upload from the browser [${dialect}]`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let alice: TenantAccount;
    let sim: SimZone;
    let dir: string;
    let qcow2: Buffer;

    const image = async (command: string, id: string): Promise<Body> => {
      const key = command === 'listIsos' ? 'iso' : 'template';
      const filter: Record<string, string> = command === 'listIsos' ? { isofilter: 'self' } : { templatefilter: 'self' };
      return ((await alice.client.ok(command, { id, ...filter }))[key] as Body[])[0];
    };
    const templateParams = (name: string) =>
      alice.client.ok('getUploadParamsForTemplate', { name, displaytext: name, zoneid: sim.zone.id, format: 'QCOW2', hypervisor: 'Simulator' }).then((b) => b.getuploadparams as Body);

    before(async () => {
      ({ server, admin, sim, alice } = await tenantWorld(dialect, (a) => buildSimZone(a)));
      dir = mkdtempSync(join(tmpdir(), 'upload-'));
      execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', join(dir, 'tiny.qcow2'), String(64 * MiB)]);
      qcow2 = readFileSync(join(dir, 'tiny.qcow2'));
    });
    after(async () => {
      await server?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('uploads a qcow2 with the signed parameters: Ready with its size, served to hosts, deployable', async () => {
      const params = await templateParams('uploaded');
      assertResponseFields('getUploadParamsForTemplate', params);
      assert.equal(params.postURL, `${new URL(server.url).origin}/client/upload/${params.id}`);
      const waiting = await image('listTemplates', params.id);
      assert.equal(waiting.isready, false);
      assert.equal(waiting.status, 'Waiting for the upload');
      const r = await upload(params, qcow2);
      assert.equal(r.status, 200, r.text);
      const t = await image('listTemplates', params.id);
      assert.equal(t.isready, true);
      assert.equal(t.status, 'Upload Complete');
      assert.equal(t.size, 64 * MiB);
      assert.equal(t.physicalsize, qcow2.length);
      assert.equal(t.format, 'QCOW2');
      const served = await fetch(t.url as string);
      assert.equal(served.status, 200);
      assert.deepEqual(Buffer.from(await served.arrayBuffer()), qcow2);
      const vm = (await job(alice.client, 'deployVirtualMachine', { zoneid: sim.zone.id, serviceofferingid: sim.offering.id as string, templateid: params.id as string })).virtualmachine;
      assert.equal(vm.state, 'Running');
      assert.equal(vm.templateid, params.id);
    });

    it('refuses a second upload to the same image', async () => {
      const params = await templateParams('twice');
      assert.equal((await upload(params, qcow2)).status, 200);
      const again = await upload(params, qcow2);
      assert.equal(again.status, 409);
      assert.match(again.text, /uploaded already/);
      assert.equal((await image('listTemplates', params.id)).isready, true);
    });

    it('refuses a bad signature or parameters of another image, and the image still waits', async () => {
      const params = await templateParams('forged');
      const bad = await upload(params, qcow2, { 'X-signature': Buffer.alloc(32, 1).toString('base64') });
      assert.equal(bad.status, 403);
      assert.match(bad.text, /signature is not valid/);
      const other = await templateParams('other');
      const swapped = await upload({ ...other, postURL: params.postURL }, qcow2);
      assert.equal(swapped.status, 403);
      assert.match(swapped.text, /not [0-9a-f-]{36}/);
      const missing = await fetch(params.postURL as string, { method: 'POST', body: new FormData() });
      assert.equal(missing.status, 400);
      assert.match(await missing.text(), /X-signature, X-metadata and X-expires/);
      assert.equal((await image('listTemplates', params.id)).status, 'Waiting for the upload');
    });

    it('refuses a template that is not a qcow2, leaving it in an error state that says why', async () => {
      const params = await templateParams('not-qcow2');
      const r = await upload(params, Buffer.from('#!/bin/sh\necho this is no disk image\n'.repeat(10)));
      assert.equal(r.status, 400);
      assert.match(r.text, /not a qcow2 image/);
      const t = await image('listTemplates', params.id);
      assert.equal(t.isready, false);
      assert.match(t.status as string, /^Upload failed: the file is not a qcow2 image/);
      assert.equal(t.downloaddetails[0].downloadState, 'UPLOAD_ERROR');
    });

    it('refuses a file over max.template.iso.size before taking its bytes', async () => {
      await admin.ok('updateConfiguration', { name: 'max.template.iso.size', value: '1' });
      const params = await templateParams('too-big');
      await admin.ok('updateConfiguration', { name: 'max.template.iso.size', value: '50' });
      // Announce 2 GiB and send only the start: the server answers from Content-Length alone.
      const url = new URL(params.postURL as string);
      const r = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request(url, {
          method: 'POST',
          headers: {
            'content-type': 'multipart/form-data; boundary=xyz',
            'content-length': String(2 * 1024 * MiB),
            'x-signature': params.signature as string,
            'x-metadata': params.metadata as string,
            'x-expires': params.expires as string,
          },
        });
        req.on('response', (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => {
            req.destroy();
            resolve({ status: res.statusCode ?? 0, text });
          });
        });
        req.on('error', reject);
        req.write('--xyz\r\nContent-Disposition: form-data; name="file"; filename="big.qcow2"\r\n\r\n');
        req.write(qcow2.subarray(0, 4096));
      });
      assert.equal(r.status, 400);
      assert.match(r.text, /larger than the limit of 1073741824 bytes/);
      assert.match((await image('listTemplates', params.id)).status as string, /^Upload failed: the file is larger/);
    });

    it('uploads an ISO as it is', async () => {
      const iso = Buffer.alloc(2 * MiB, 0x20);
      const params = (await alice.client.ok('getUploadParamsForIso', { name: 'tools', zoneid: sim.zone.id, format: 'ISO' })).getuploadparams as Body;
      assertResponseFields('getUploadParamsForIso', params);
      const r = await upload(params, iso);
      assert.equal(r.status, 200, r.text);
      const i = await image('listIsos', params.id);
      assert.equal(i.isready, true);
      assert.equal(i.size, iso.length);
      assert.equal(i.displaytext, 'tools');
      assert.match(i.url as string, /\/templates\/upload-[0-9a-f-]{36}\.iso$/);
      assert.equal((await upload(params, iso)).status, 409);
    });

    it('removes the uploaded file when the image is deleted', async () => {
      const params = await templateParams('short-lived');
      assert.equal((await upload(params, qcow2)).status, 200);
      const url = (await image('listTemplates', params.id)).url as string;
      assert.equal((await fetch(url)).status, 200);
      await job(alice.client, 'deleteTemplate', { id: params.id as string });
      assert.equal((await fetch(url)).status, 404);
    });

    it('refuses template formats other than QCOW2', async () => {
      const base = { name: 'x', displaytext: 'x', hypervisor: 'Simulator' };
      const e1 = await alice.client.call('getUploadParamsForTemplate', { ...base, zoneid: sim.zone.id, format: 'VHD' });
      assert.equal(e1.status, 431);
      assert.match(JSON.stringify(e1.body), /only QCOW2 templates can be uploaded/);
    });

    it('refuses expired parameters and gives up images whose file never came', async () => {
      await admin.ok('updateConfiguration', { name: 'upload.operation.timeout', value: '0' });
      await admin.ok('updateConfiguration', { name: 'upload.monitoring.interval', value: '1' });
      const params = await templateParams('late');
      await new Promise((r) => setTimeout(r, 50));
      const r = await upload(params, qcow2);
      assert.equal(r.status, 403);
      assert.match(r.text, /expired at/);
      const t = await waitFor('the sweep to give the upload up', async () => {
        const row = await image('listTemplates', params.id);
        return row.status !== 'Waiting for the upload' ? row : undefined;
      });
      assert.match(t.status as string, /^Upload abandoned: the file did not arrive within 0 minutes/);
      assert.equal(t.isready, false);
    });
  });
}
