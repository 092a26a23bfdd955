import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Body } from '../support/client.ts';
import { waitFor } from '../support/compute.ts';
import { screenshot, type TestBrowser } from './support/browser.ts';
import { startUiSuite, stopUiSuite, type UiCloud } from './support/cloud.ts';
import { check, confirmOk, logIn, logOut, openInstances } from './support/ui.ts';

// A tenant's VM (deployed through the API) seen and handled from its detail page; each result checked against the API.
describe('web UI: the instance detail page, its tabs and actions, and SSH key pairs', () => {
  let cloud: UiCloud;
  let browser: TestBrowser;
  let vm: Body;
  let secondHost: Body;
  const vmName = 'detail-vm';
  const larger = 'Larger Instance';

  // An OpenSSH public key line (ssh-ed25519 AAAA...), built from a fresh key without calling ssh-keygen.
  function publicKeyLine(): string {
    const raw = Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x as string, 'base64url');
    const field = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
    return `ssh-ed25519 ${Buffer.concat([field(Buffer.from('ssh-ed25519')), field(raw)]).toString('base64')} test@nimbus`;
  }
  const aliceVm = async (): Promise<Body> => ((await cloud.alice.client.ok('listVirtualMachines', { id: vm.id })).virtualmachine as Body[])[0];
  const overviewRow = (label: string) => page().getByRole('tabpanel').getByRole('row').filter({ has: page().getByText(label, { exact: true }) });
  const page = () => browser.page;

  before(async () => {
    ({ cloud, browser } = await startUiSuite());
    // resetPasswordForVirtualMachine needs a password-enabled template.
    await cloud.admin.ok('updateTemplate', { id: cloud.sim.template.id, passwordenabled: true });
    // A second host, for the admin's Migrate.
    const { zone, pod, cluster } = cloud.sim;
    const url = 'http://sim/c0/h9?cpunumber=4&cpuspeed=2000&memory=4096';
    secondHost = ((await cloud.admin.ok('addHost', { zoneid: zone.id, podid: pod.id, clusterid: cluster.id, hypervisor: 'Simulator', url, username: 'root', password: 'password' })).host as Body[])[0];
    await cloud.admin.ok('createServiceOffering', { name: larger, displaytext: '2 x 500 MHz, 1 GiB', cpunumber: 2, cpuspeed: 500, memory: 1024 });
    const r = await cloud.alice.client.job('deployVirtualMachine', { zoneid: cloud.sim.zone.id, templateid: cloud.sim.template.id, serviceofferingid: cloud.sim.offering.id, name: vmName });
    assert.equal(r.jobstatus, 1, `deploy: ${JSON.stringify(r.jobresult)}`);
    vm = r.jobresult.virtualmachine as Body;
    const iso = (await cloud.alice.client.ok('registerIso', { name: 'rescue', displaytext: 'Rescue ISO', url: 'http://images.example.org/rescue.iso', zoneid: cloud.sim.zone.id, bootable: true })).iso as Body;
    await waitFor('the ISO download', async () => ((await cloud.alice.client.ok('listIsos', { id: iso.id })).iso as Body[] | undefined)?.[0]?.isready || undefined);
  });
  after(() => stopUiSuite(cloud, browser));

  it('opens the detail page from the list and shows the Overview', async () => {
    const { page } = browser;
    await logIn(page, cloud.uiUrl, cloud.alice.username, cloud.alice.password);
    await openInstances(page);
    await page.getByRole('link', { name: vmName, exact: true }).click();
    await page.getByRole('heading', { name: vmName }).waitFor();
    assert.ok(page.url().endsWith(`#/instances/${vm.id}`), page.url());
    const overview = page.getByRole('tabpanel');
    const ip = String(vm.nic[0].ipaddress);
    for (const shown of [cloud.sim.zone.name, cloud.sim.template.name, cloud.sim.offering.name, ip, 'Running'] as string[]) {
      await overview.getByText(shown, { exact: true }).first().waitFor();
    }
    assert.equal(await overview.getByText('Host', { exact: true }).count(), 0, 'a tenant is shown the host');
    await screenshot(page, 'instance-detail');
  });

  it('shows the NICs and Volumes tabs with the API\'s data', async () => {
    const { page } = browser;
    const [nic] = (await cloud.alice.client.ok('listNics', { virtualmachineid: vm.id })).nic as Body[];
    await page.getByRole('tab', { name: 'NICs' }).click();
    await page.getByRole('tabpanel').getByRole('cell', { name: String(nic.macaddress), exact: true }).waitFor();
    const volumes = (await cloud.alice.client.ok('listVolumes', { virtualmachineid: vm.id })).volume as Body[];
    assert.ok(volumes.length > 0, 'the VM has volumes');
    await page.getByRole('tab', { name: 'Volumes' }).click();
    for (const volume of volumes) await page.getByRole('tabpanel').getByRole('cell', { name: String(volume.name), exact: true }).waitFor();
  });

  it('stops the VM, resets its password and shows the new one', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await confirmOk(page);
    await page.locator('.ant-tag').getByText('Stopped', { exact: true }).waitFor({ timeout: 30_000 });
    assert.equal((await aliceVm()).state, 'Stopped');
    await page.getByRole('button', { name: 'Reset password' }).click();
    await confirmOk(page);
    await page.getByRole('dialog', { name: `The new password of ${vmName}` }).waitFor({ timeout: 30_000 });
    const password = (await page.getByLabel('New password', { exact: true }).innerText()).trim();
    assert.match(password, /^\S{6,}$/);
    await confirmOk(page);
  });

  it('takes a VM snapshot and lists it in the Snapshots tab', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Snapshots' }).click();
    await page.getByRole('button', { name: 'Take VM snapshot' }).click();
    await page.getByRole('button', { name: 'Take', exact: true }).click();
    const panel = page.getByRole('tabpanel');
    await panel.getByRole('cell', { name: 'Ready', exact: true }).waitFor({ timeout: 30_000 });
    const snapshots = (await cloud.alice.client.ok('listVMSnapshot', { virtualmachineid: vm.id })).vmSnapshot as Body[];
    assert.equal(snapshots.length, 1);
    await panel.getByRole('cell', { name: String(snapshots[0].displayname), exact: true }).waitFor();
    await panel.getByRole('button', { name: 'Revert' }).click();
    await confirmOk(page);
    await page.getByText(`Revert to ${snapshots[0].displayname}: done`).waitFor({ timeout: 30_000 });
    await panel.getByRole('button', { name: 'Delete' }).click();
    await confirmOk(page);
    await panel.locator('.ant-empty-description').waitFor({ timeout: 30_000 });
    assert.equal((await cloud.alice.client.ok('listVMSnapshot', { virtualmachineid: vm.id })).vmSnapshot, undefined);
  });

  it('creates an SSH key pair and shows its private key once', async () => {
    const { page } = browser;
    await page.getByRole('menu').getByRole('menuitem', { name: 'SSH key pairs' }).click();
    await page.getByRole('heading', { name: 'SSH key pairs' }).waitFor();
    await page.getByRole('button', { name: 'Create key pair' }).click();
    await page.getByLabel('Name').fill('web-key');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('dialog', { name: 'The private key of web-key' }).waitFor();
    assert.match(await page.getByLabel('Private key', { exact: true }).innerText(), /-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    await confirmOk(page);
    await page.getByRole('cell', { name: 'web-key', exact: true }).waitFor();
    const pairs = (await cloud.alice.client.ok('listSSHKeyPairs', { name: 'web-key' })).sshkeypair as Body[];
    assert.equal(pairs.length, 1);
  });

  it('registers a public key and resets the stopped VM\'s SSH key to it', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Register key pair' }).click();
    await page.getByLabel('Name').fill('reg-key');
    await page.getByLabel('Public key').fill(publicKeyLine());
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByRole('cell', { name: 'reg-key', exact: true }).waitFor();
    await page.goto(`${cloud.uiUrl}#/instances/${vm.id}`);
    await page.getByRole('button', { name: 'Reset SSH key' }).click();
    await check(page.getByRole('radio', { name: 'reg-key' }));
    await page.getByRole('dialog').getByRole('button', { name: 'Reset SSH key' }).click();
    await overviewRow('SSH key pair').getByText('reg-key', { exact: true }).waitFor({ timeout: 30_000 });
    assert.match(JSON.stringify((await aliceVm()).keypairs), /reg-key/);
  });

  it('scales the stopped VM to another offering', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Scale' }).click();
    await check(page.getByRole('radio', { name: larger }));
    await page.getByRole('dialog').getByRole('button', { name: 'Scale' }).click();
    await overviewRow('Offering').getByText(larger, { exact: true }).waitFor({ timeout: 30_000 });
    assert.equal((await aliceVm()).serviceofferingname, larger);
  });

  it('attaches an ISO to the VM and detaches it', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Attach ISO' }).click();
    await check(page.getByRole('radio', { name: 'rescue' }));
    await page.getByRole('dialog').getByRole('button', { name: 'Attach ISO' }).click();
    await overviewRow('ISO').getByText('rescue', { exact: true }).waitFor({ timeout: 30_000 });
    assert.equal((await aliceVm()).isoname, 'rescue');
    await page.getByRole('button', { name: 'Detach ISO' }).click();
    await page.getByRole('button', { name: 'Detach ISO' }).waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal((await aliceVm()).isoid, undefined);
  });

  it('destroys the VM, which then is gone for the tenant', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Destroy' }).click();
    await confirmOk(page);
    // A tenant is not shown destroyed VMs (allow.user.view.destroyed.vm is off).
    await page.getByRole('alert').filter({ hasText: `No instance with id ${vm.id}` }).waitFor({ timeout: 30_000 });
    assert.equal((await cloud.admin.ok('listVirtualMachines', { id: vm.id, listall: true })).virtualmachine[0].state, 'Destroyed');
  });

  it('the admin recovers it, starts it, migrates it to the other host, and sees the migration among its events', async () => {
    const { page } = browser;
    await logOut(page);
    await logIn(page, cloud.uiUrl, 'admin', cloud.server.adminPassword);
    await page.goto(`${cloud.uiUrl}#/instances/${vm.id}`);
    const tag = (state: string) => page.locator('.ant-tag').getByText(state, { exact: true });
    await tag('Destroyed').waitFor();
    await page.getByRole('button', { name: 'Recover' }).click();
    await confirmOk(page);
    await tag('Stopped').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Start' }).click();
    await tag('Running').waitFor({ timeout: 30_000 });
    const adminVm = async () => (await cloud.admin.ok('listVirtualMachines', { id: vm.id, listall: true })).virtualmachine[0] as Body;
    // The other host than the one Start chose.
    const [firstHost] = cloud.sim.hosts;
    const other = (await adminVm()).hostid === firstHost.id ? secondHost : firstHost;
    await page.getByRole('button', { name: 'Migrate' }).click();
    await check(page.getByRole('radio', { name: String(other.name) }));
    await page.getByRole('dialog').getByRole('button', { name: 'Migrate' }).click();
    await overviewRow('Host').getByText(String(other.name), { exact: true }).waitFor({ timeout: 30_000 });
    assert.equal((await adminVm()).hostid, other.id);
    // The tab lists the events once, when opened: open it after the migration's event is written (with the job's end,
    // which may come after the VM shows its new host). The newest come first, twenty to a page: the migration is on
    // the first page, the older destroy may not be.
    await waitFor('the migration event', async () => (((await cloud.admin.ok('listEvents', { resourceid: vm.id, type: 'VM.MIGRATE', listall: true })).event as Body[] | undefined)?.length ? true : undefined));
    await page.getByRole('tab', { name: 'Events' }).click();
    await page.getByRole('tabpanel').getByRole('cell', { name: 'VM.MIGRATE', exact: true }).first().waitFor();
  });
});
