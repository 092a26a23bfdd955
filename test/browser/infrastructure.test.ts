import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import type { Body } from '../support/client.ts';
import { waitFor } from '../support/compute.ts';
import { screenshot, type TestBrowser } from './support/browser.ts';
import { startUiSuite, stopUiSuite, type UiCloud } from './support/cloud.ts';
import { confirmOk, logIn, menuItems, selectOption } from './support/ui.ts';

const zoneName = 'ui-zone';
const hostUrl = 'http://sim/ui-zone/h0?cpunumber=2&cpuspeed=1500&memory=2048';

const row = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });

async function openMenu(page: Page, item: string, heading: string): Promise<void> {
  await page.getByRole('menu').getByRole('menuitem', { name: item }).click();
  await page.getByRole('heading', { name: heading, exact: true }).waitFor();
}

async function fill(scope: Locator | Page, fields: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(fields)) await scope.getByLabel(label, { exact: true }).fill(value);
}

// The root admin builds a simulator zone through the Add zone wizard (a failed step first, then the retry), checks
// each part against the API, watches hosts' capacity bars, disables and enables a host, puts a pool into maintenance
// and back, stops and starts a tenant's router, reads its health checks, and deletes what the wizard built down to
// the zone's physical network (whose errortext the zone's Delete shows).
describe('web UI: the root admin builds and watches the infrastructure', () => {
  let cloud: UiCloud;
  let browser: TestBrowser;
  let zone: Body;
  const admin = () => cloud.admin;
  const first = async (command: string, key: string, params: Record<string, string>): Promise<Body | undefined> => ((await admin().ok(command, params))[key] as Body[] | undefined)?.[0];

  before(async () => {
    ({ cloud, browser } = await startUiSuite());
    // A tenant's VM, so that its network has a router to stop and start.
    const r = await cloud.alice.client.job('deployVirtualMachine', { zoneid: cloud.sim.zone.id, templateid: cloud.sim.template.id, serviceofferingid: cloud.sim.offering.id, name: 'infra-vm' });
    assert.equal(r.jobstatus, 1, `deploy: ${JSON.stringify(r.jobresult)}`);
    await logIn(browser.page, cloud.uiUrl, 'admin', cloud.server.adminPassword);
  });
  after(() => stopUiSuite(cloud, browser));

  it('has the Infrastructure items in its menu', async () => {
    const items = await menuItems(browser.page);
    for (const wanted of ['Zones', 'Pods', 'Clusters', 'Hosts', 'Primary storage', 'Secondary storage', 'Virtual routers']) assert.ok(items.includes(wanted), `${wanted} in ${items.join(', ')}`);
  });

  it('adds a simulator zone through the wizard: a failed step says what stays, and the retry goes on from it', async () => {
    const { page } = browser;
    await openMenu(page, 'Zones', 'Zones');
    await page.getByRole('button', { name: 'Add zone' }).click();
    await page.getByRole('heading', { name: 'Add zone' }).waitFor();
    const next = () => page.getByRole('button', { name: 'Next' }).click();
    // A page's fields are checked before Next.
    await next();
    await page.getByText('Name is needed').waitFor();
    await fill(page, { Name: zoneName, 'DNS 1': '8.8.8.8', 'Internal DNS 1': '10.0.0.1' });
    await next();
    await fill(page, { 'VLAN/VNI range': '300-399' });
    await screenshot(page, 'zone-wizard');
    await next();
    await fill(page, { Gateway: '203.0.113.1', Netmask: '255.255.255.0', 'Start IP': '203.0.113.10', 'End IP': '203.0.113.30' });
    await next();
    await fill(page, { 'Pod name': `${zoneName}-pod`, 'Reserved system gateway': '192.168.70.1', 'Reserved system netmask': '255.255.255.0', 'Start reserved system IP': '192.168.70.10', 'End reserved system IP': '192.168.70.50' });
    await next();
    await fill(page, { 'Cluster name': `${zoneName}-c0` });
    await next();
    // The simulator zone's host: its URL is taken, so the Host step fails.
    await fill(page, { 'Simulator host URL': 'http://sim/c0/h0?cpunumber=4&cpuspeed=2000&memory=4096' });
    await next();
    await fill(page, { 'Primary storage name': `${zoneName}-pool`, 'Primary storage URL': 'nfs://10.0.0.2/ui-primary' });
    await next();
    await fill(page, { 'Secondary storage URL': 'nfs://10.0.0.2/ui-secondary' });
    await next();
    await page.getByRole('button', { name: 'Launch zone' }).click();
    const failure = page.getByRole('alert').filter({ hasText: 'Host failed' });
    await failure.waitFor();
    assert.match(await failure.innerText(), /A host with url http:\/\/sim\/c0\/h0.* already exists/);
    assert.match(await failure.innerText(), /What was created stays: zone ui-zone;.*cluster ui-zone-c0/);
    // Back to the Host page (past Secondary and Primary storage), a free URL, and the retry.
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Back' }).click();
    await fill(page, { 'Simulator host URL': hostUrl });
    for (let i = 0; i < 3; i++) await next();
    await page.getByRole('button', { name: 'Retry from Host' }).click();
    await page.getByText('is ready and Enabled').waitFor({ timeout: 30_000 });

    zone = (await first('listZones', 'zone', { name: zoneName })) as Body;
    assert.equal(zone.allocationstate, 'Enabled');
    const zoneid = zone.id as string;
    assert.deepEqual((await admin().ok('listZones', {})).count, 2, 'the failed run made no second zone');
    const physical = await first('listPhysicalNetworks', 'physicalnetwork', { zoneid });
    assert.deepEqual([physical?.state, physical?.vlan, physical?.isolationmethods], ['Enabled', '300-399', 'VLAN']);
    const traffic = ((await admin().ok('listTrafficTypes', { physicalnetworkid: physical?.id })).traffictype as Body[]).map((t) => t.traffictype).sort();
    assert.deepEqual(traffic, ['Guest', 'Management', 'Public']);
    const range = await first('listVlanIpRanges', 'vlaniprange', { zoneid });
    assert.deepEqual([range?.startip, range?.endip], ['203.0.113.10', '203.0.113.30']);
    assert.equal((await first('listPods', 'pod', { zoneid }))?.name, `${zoneName}-pod`);
    const cluster = await first('listClusters', 'cluster', { zoneid });
    assert.deepEqual([cluster?.name, cluster?.hypervisortype], [`${zoneName}-c0`, 'Simulator']);
    const host = await waitFor('the new host Up', async () => {
      const h = await first('listHosts', 'host', { zoneid });
      return h?.state === 'Up' ? h : undefined;
    });
    assert.equal(host.cpunumber * host.cpuspeed, 3000);
    assert.equal((await first('listStoragePools', 'storagepool', { zoneid }))?.name, `${zoneName}-pool`);
    assert.equal((await first('listImageStores', 'imagestore', { zoneid }))?.url, 'nfs://10.0.0.2/ui-secondary');
  });

  it("opens the zone's page with its capacity and its hosts", async () => {
    const { page } = browser;
    await page.getByRole('link', { name: zoneName }).click();
    await page.getByRole('heading', { name: `Zone ${zoneName}` }).waitFor();
    await page.getByRole('progressbar', { name: 'Memory' }).waitFor();
    await page.getByRole('tab', { name: 'Hosts' }).click();
    const host = (await first('listHosts', 'host', { zoneid: zone.id })) as Body;
    await page.getByRole('link', { name: host.name }).waitFor();
  });

  it("lists the hosts with capacity bars, disables and enables one, and opens a host's page", async () => {
    const { page } = browser;
    await openMenu(page, 'Hosts', 'Hosts');
    // The simulator zone's host runs alice's VM: its bars show the allocation listHosts reports.
    const busy = cloud.sim.hosts[0];
    const listed = (await first('listHosts', 'host', { id: busy.id })) as Body;
    assert.ok(listed.cpuallocatedvalue > 0, 'the VM holds CPU on the host');
    const busyRow = row(page, busy.name);
    const cpu = busyRow.getByRole('progressbar', { name: 'CPU allocated' });
    // antd's bars report whole percents.
    const percent = (used: number, total: number) => Math.trunc(Math.round((used / total) * 1000) / 10);
    assert.equal(Number(await cpu.getAttribute('aria-valuenow')), percent(listed.cpuallocatedvalue, listed.cpunumber * listed.cpuspeed));
    const memory = busyRow.getByRole('progressbar', { name: 'Memory allocated' });
    assert.equal(Number(await memory.getAttribute('aria-valuenow')), percent(listed.memoryallocated, listed.memorytotal));
    assert.match(await busyRow.innerText(), /CPU allocated: 500 MHz of 8\.00 GHz/);
    // The menu item clicked last sits low in the menu: the picture starts at the list's heading.
    await page.getByRole('heading', { name: 'Hosts', exact: true }).scrollIntoViewIfNeeded();
    await screenshot(page, 'hosts');

    const host = (await first('listHosts', 'host', { zoneid: zone.id })) as Body;
    const hostRow = row(page, host.name);
    await hostRow.getByRole('button', { name: 'Disable' }).click();
    await hostRow.getByRole('button', { name: 'Enable' }).waitFor();
    assert.equal((await first('listHosts', 'host', { id: host.id }))?.resourcestate, 'Disabled');
    await hostRow.getByRole('button', { name: 'Enable' }).click();
    await hostRow.getByRole('button', { name: 'Disable' }).waitFor();
    assert.equal((await first('listHosts', 'host', { id: host.id }))?.resourcestate, 'Enabled');

    await page.getByRole('link', { name: host.name }).click();
    await page.getByRole('heading', { name: `Host ${host.name}` }).waitFor();
    await page.getByRole('progressbar', { name: 'CPU allocated' }).waitFor();
    await page.getByText(`${zoneName}-c0`).waitFor();
  });

  it('puts the primary storage into maintenance and back', async () => {
    const { page } = browser;
    await openMenu(page, 'Primary storage', 'Primary storage');
    const poolRow = row(page, `${zoneName}-pool`);
    const pool = (await first('listStoragePools', 'storagepool', { zoneid: zone.id })) as Body;
    await poolRow.getByRole('progressbar', { name: 'Disk used' }).waitFor();
    await poolRow.getByRole('button', { name: 'Enable maintenance' }).click();
    await poolRow.getByRole('button', { name: 'Cancel maintenance' }).waitFor();
    assert.equal((await first('listStoragePools', 'storagepool', { id: pool.id }))?.state, 'Maintenance');
    await poolRow.getByRole('button', { name: 'Cancel maintenance' }).click();
    await poolRow.getByRole('button', { name: 'Enable maintenance' }).waitFor();
    assert.equal((await first('listStoragePools', 'storagepool', { id: pool.id }))?.state, 'Up');
  });

  it("finds alice's router by its network's name, stops and starts it and shows its health checks", async () => {
    const { page } = browser;
    const network = ((await cloud.alice.client.ok('listNetworks', {})).network as Body[])[0];
    const router = (await first('listRouters', 'router', { networkid: network.id, listall: 'true' })) as Body;
    assert.ok(router !== undefined, 'alice has a router');
    await openMenu(page, 'Virtual routers', 'Virtual routers');
    const routerRow = row(page, router.name);
    // The search box asks listRouters for a keyword: another word hides the row, the network's name finds it.
    await routerRow.waitFor();
    await page.getByPlaceholder('Search').fill('no-such-router');
    await page.getByPlaceholder('Search').press('Enter');
    await routerRow.waitFor({ state: 'detached' });
    await page.getByPlaceholder('Search').fill(String(network.name));
    await page.getByPlaceholder('Search').press('Enter');
    await routerRow.getByRole('button', { name: 'Stop' }).click();
    await routerRow.getByRole('button', { name: 'Start' }).waitFor();
    assert.equal((await first('listRouters', 'router', { id: router.id, listall: 'true' }))?.state, 'Stopped');
    await routerRow.getByRole('button', { name: 'Start' }).click();
    await routerRow.getByRole('button', { name: 'Stop' }).waitFor();
    assert.equal((await first('listRouters', 'router', { id: router.id, listall: 'true' }))?.state, 'Running');
    await routerRow.getByRole('button', { name: 'Health checks' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('cell', { name: /Passed|Failed/ }).first().waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('adds a pod, a cluster, a host, primary and secondary storage through their Add dialogs', async () => {
    const { page } = browser;
    const zoneid = zone.id as string;
    // Fills the open dialog: its antd Selects by option name, then its text fields, and submits it.
    const submit = async (button: string, selects: [string, string][], fields: Record<string, string>) => {
      await page.getByRole('button', { name: button }).click();
      const dialog = page.getByRole('dialog');
      for (const [label, option] of selects) {
        await dialog.getByLabel(label, { exact: true }).click();
        await selectOption(page, new RegExp(`^${option}$`)).click();
      }
      await fill(dialog, fields);
      await dialog.getByRole('button', { name: 'Add', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
    };
    await openMenu(page, 'Pods', 'Pods');
    await submit('Add pod', [['Zone', zoneName]], { Name: 'extra-pod', 'Reserved system gateway': '192.168.71.1', 'Reserved system netmask': '255.255.255.0', 'Start reserved system IP': '192.168.71.10' });
    await row(page, 'extra-pod').waitFor();
    await openMenu(page, 'Clusters', 'Clusters');
    await submit('Add cluster', [['Zone', zoneName], ['Pod', 'extra-pod']], { Name: 'extra-c1' });
    await row(page, 'extra-c1').waitFor();
    await openMenu(page, 'Hosts', 'Hosts');
    await submit('Add host', [['Zone', zoneName], ['Pod', 'extra-pod'], ['Cluster', 'extra-c1']], { 'Simulator host URL': 'http://sim/extra/h1' });
    await openMenu(page, 'Primary storage', 'Primary storage');
    await submit('Add primary storage', [['Zone', zoneName], ['Pod', 'extra-pod'], ['Cluster', 'extra-c1']], { Name: 'extra-pool', URL: 'nfs://10.0.0.2/extra' });
    await row(page, 'extra-pool').waitFor();
    await openMenu(page, 'Secondary storage', 'Secondary storage');
    await submit('Add secondary storage', [['Zone', zoneName]], { Name: 'extra-images', URL: 'nfs://10.0.0.2/extra-secondary' });
    await row(page, 'extra-images').waitFor();
    const cluster = (await first('listClusters', 'cluster', { zoneid, name: 'extra-c1' })) as Body;
    assert.equal(cluster.podname, 'extra-pod');
    assert.equal((await first('listHosts', 'host', { clusterid: cluster.id }))?.hypervisor, 'Simulator');
    assert.equal((await first('listStoragePools', 'storagepool', { clusterid: cluster.id }))?.name, 'extra-pool');
    const store = (await first('listImageStores', 'imagestore', { name: 'extra-images' })) as Body;
    assert.equal(store.zoneid, zoneid);
    // Deleting through the UI is the next test's, on what the wizard built; these go through the API.
    const host = (await first('listHosts', 'host', { clusterid: cluster.id })) as Body;
    const pool = (await first('listStoragePools', 'storagepool', { clusterid: cluster.id })) as Body;
    await admin().ok('deleteImageStore', { id: store.id });
    await admin().ok('deleteStoragePool', { id: pool.id });
    await admin().ok('deleteHost', { id: host.id, forced: true });
    await admin().ok('deleteCluster', { id: cluster.id });
    await admin().ok('deletePod', { id: cluster.podid });
  });

  it('deletes what the wizard built, down to the zone, whose Delete shows the errortext of what is left', async () => {
    const { page } = browser;
    const zoneid = zone.id as string;
    const remove = async (menu: string, heading: string, name: string, button = 'Delete') => {
      await openMenu(page, menu, heading);
      await row(page, name).getByRole('button', { name: button }).click();
      await confirmOk(page);
      await row(page, name).waitFor({ state: 'detached' });
    };
    await remove('Secondary storage', 'Secondary storage', `${zoneName}-images`);
    await remove('Primary storage', 'Primary storage', `${zoneName}-pool`);
    const host = (await first('listHosts', 'host', { zoneid })) as Body;
    await openMenu(page, 'Hosts', 'Hosts');
    await row(page, host.name).getByRole('button', { name: 'Disable' }).click();
    await row(page, host.name).getByRole('button', { name: 'Enable' }).waitFor();
    await row(page, host.name).getByRole('button', { name: 'Delete' }).click();
    await confirmOk(page);
    await row(page, host.name).waitFor({ state: 'detached' });
    await remove('Clusters', 'Clusters', `${zoneName}-c0`);
    await remove('Pods', 'Pods', `${zoneName}-pod`);
    assert.deepEqual(
      await Promise.all([['listImageStores', 'imagestore'], ['listStoragePools', 'storagepool'], ['listHosts', 'host'], ['listClusters', 'cluster'], ['listPods', 'pod']].map(([c, k]) => first(c, k, { zoneid }))),
      [undefined, undefined, undefined, undefined, undefined],
    );
    await openMenu(page, 'Zones', 'Zones');
    await row(page, zoneName).getByRole('button', { name: 'Delete' }).click();
    await confirmOk(page);
    await page.getByText(`The zone ${zoneName} is not deletable because it still has physical networks`).waitFor();
    await row(page, zoneName).getByRole('button', { name: 'Disable' }).click();
    await row(page, zoneName).getByRole('button', { name: 'Enable' }).waitFor();
    assert.equal((await first('listZones', 'zone', { id: zoneid }))?.allocationstate, 'Disabled');
  });
});
