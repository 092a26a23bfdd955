import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { job } from '../support/calls.ts';
import type { Body } from '../support/client.ts';
import { waitFor } from '../support/compute.ts';
import { screenshot, type TestBrowser } from './support/browser.ts';
import { startUiSuite, stopUiSuite, type UiCloud } from './support/cloud.ts';
import { check, confirmOk, logIn, pick } from './support/ui.ts';

const row = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });

async function confirmDelete(page: Page, rowLocator: Locator, button = 'Delete'): Promise<void> {
  await rowLocator.getByRole('button', { name: button }).click();
  await confirmOk(page);
}

// A tenant's network from the UI: create it through the form, acquire an address on its page, forward a port to
// its VM and open the firewall on the address's page; each checked against the API, then deleted again. On the way:
// a load balancer, static NAT, an egress rule and a restart with clean-up.
describe('web UI: a tenant builds a network with a public IP, a port forward and a firewall rule', () => {
  let cloud: UiCloud;
  let browser: TestBrowser;
  const netName = 'web-net';
  const vmName = 'web-vm';
  let net: Body;
  let ip: Body;
  const empty = (command: string, key: string, params: Record<string, string>) => async () => (((await cloud.alice.client.ok(command, params))[key] ?? []) as Body[]).length === 0 || undefined;

  before(async () => {
    ({ cloud, browser } = await startUiSuite());
    await cloud.admin.ok('createVlanIpRange', { zoneid: cloud.sim.zone.id, vlan: 'untagged', gateway: '198.51.100.1', netmask: '255.255.255.0', startip: '198.51.100.10', endip: '198.51.100.20', forvirtualnetwork: true });
    await logIn(browser.page, cloud.uiUrl, cloud.alice.username, cloud.alice.password);
  });
  after(() => stopUiSuite(cloud, browser));

  it('creates an isolated network through the Add network form', async () => {
    const { page } = browser;
    await page.getByRole('menu').getByRole('menuitem', { name: 'Networks' }).click();
    await page.getByRole('button', { name: 'Add network' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill(netName);
    await pick(page, dialog, 'Zone', cloud.sim.zone.name as string);
    await pick(page, dialog, 'Network offering', 'DefaultIsolatedNetworkOfferingWithSourceNatService');
    await dialog.getByLabel('Gateway').fill('10.1.2.1');
    await dialog.getByLabel('Netmask').fill('255.255.255.0');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('link', { name: netName }).waitFor();
    net = ((await cloud.alice.client.ok('listNetworks', { name: netName })).network as Body[])[0];
    assert.equal(net?.cidr, '10.1.2.0/24');
  });

  it('acquires a public IP on the network page', async () => {
    const { page } = browser;
    const vm = await job(cloud.alice.client, 'deployVirtualMachine', { zoneid: cloud.sim.zone.id, templateid: cloud.sim.template.id, serviceofferingid: cloud.sim.offering.id, networkids: net.id, name: vmName });
    assert.equal(vm.virtualmachine.state, 'Running');
    await page.getByRole('link', { name: netName }).click();
    await page.getByRole('heading', { name: `Network ${netName}` }).waitFor();
    await page.getByRole('tab', { name: 'Public IP addresses' }).click();
    await page.getByRole('button', { name: 'Acquire new IP' }).click();
    ip = await waitFor('the acquired address', async () => {
      const ips = ((await cloud.alice.client.ok('listPublicIpAddresses', { associatednetworkid: net.id })).publicipaddress ?? []) as Body[];
      return ips.find((a) => !a.issourcenat);
    });
    await page.getByRole('link', { name: ip.ipaddress as string, exact: true }).click();
    await page.getByRole('heading', { name: `Public IP ${ip.ipaddress}` }).waitFor();
  });

  it('forwards a port to the VM on the public IP page', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Port forwarding' }).click();
    const panel = page.getByRole('tabpanel');
    await panel.getByLabel('Public port', { exact: true }).fill('8080');
    await panel.getByLabel('Private port', { exact: true }).fill('80');
    await pick(page, panel, 'Instance', vmName);
    await panel.getByRole('button', { name: 'Add rule' }).click();
    await row(page, vmName).getByText('8080', { exact: true }).waitFor();
    const rules = (await cloud.alice.client.ok('listPortForwardingRules', { ipaddressid: ip.id })).portforwardingrule as Body[];
    assert.deepEqual(rules.map((r) => [r.protocol, r.publicport, r.privateport, r.virtualmachinename]), [['tcp', '8080', '80', vmName]]);
    // The picture shows the tab, not the messages of the steps before it (they fade after 5 s).
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
    await screenshot(page, 'public-ip-port-forwarding');
  });

  it('opens the firewall for that port', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Firewall' }).click();
    const panel = page.getByRole('tabpanel');
    await panel.getByLabel('Start port').fill('8080');
    await panel.getByLabel('CIDR list').fill('203.0.113.0/24');
    await panel.getByRole('button', { name: 'Add rule' }).click();
    await row(page, '203.0.113.0/24').waitFor();
    const rules = (await cloud.alice.client.ok('listFirewallRules', { ipaddressid: ip.id })).firewallrule as Body[];
    assert.deepEqual(rules.map((r) => [r.protocol, String(r.startport), String(r.endport), r.cidrlist]), [['tcp', '8080', '8080', '203.0.113.0/24']]);
  });

  it('balances a port over the VM and deletes the balancer', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Load balancing' }).click();
    const panel = page.getByRole('tabpanel');
    await panel.getByLabel('Name', { exact: true }).fill('web-lb');
    await check(panel.getByRole('radio', { name: 'leastconn' }));
    await panel.getByLabel('Public port', { exact: true }).fill('443');
    await panel.getByLabel('Private port', { exact: true }).fill('8443');
    await panel.getByRole('button', { name: 'Add load balancer' }).click();
    await row(page, 'web-lb').getByRole('button', { name: 'Assign instances' }).click();
    const dialog = page.getByRole('dialog');
    await pick(page, dialog, 'Instances', vmName);
    await dialog.getByRole('button', { name: 'Assign' }).click();
    const [rule] = (await cloud.alice.client.ok('listLoadBalancerRules', { publicipid: ip.id })).loadbalancerrule as Body[];
    assert.deepEqual([rule?.name, rule?.algorithm, rule?.publicport, rule?.privateport], ['web-lb', 'leastconn', '443', '8443']);
    await waitFor('the VM in the balancer', async () => {
      const members = ((await cloud.alice.client.ok('listLoadBalancerRuleInstances', { id: rule.id })).loadbalancerruleinstance ?? []) as Body[];
      return members.some((m) => m.name === vmName) || undefined;
    });
    await confirmDelete(page, row(page, 'web-lb'));
    await waitFor('the balancer to go', empty('listLoadBalancerRules', 'loadbalancerrule', { publicipid: ip.id }));
  });

  it('deletes the firewall rule and the port forward', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Firewall' }).click();
    await confirmDelete(page, row(page, '203.0.113.0/24'));
    await waitFor('the firewall rule to go', empty('listFirewallRules', 'firewallrule', { ipaddressid: ip.id }));
    await page.getByRole('tab', { name: 'Port forwarding' }).click();
    await confirmDelete(page, row(page, vmName));
    await waitFor('the port forward to go', empty('listPortForwardingRules', 'portforwardingrule', { ipaddressid: ip.id }));
  });

  it('enables and disables static NAT to the VM', async () => {
    const { page } = browser;
    const staticNat = async () => ((await cloud.alice.client.ok('listPublicIpAddresses', { id: ip.id })).publicipaddress as Body[])[0];
    await page.getByRole('tab', { name: 'Details' }).click();
    await pick(page, page.getByRole('tabpanel'), 'Instance', vmName);
    await page.getByRole('button', { name: 'Enable static NAT' }).click();
    await page.getByRole('button', { name: 'Disable static NAT' }).waitFor();
    assert.deepEqual(await staticNat().then((a) => [a.isstaticnat, a.virtualmachinename]), [true, vmName]);
    await page.getByRole('button', { name: 'Disable static NAT' }).click();
    await page.getByRole('button', { name: 'Enable static NAT' }).waitFor();
    assert.equal((await staticNat()).isstaticnat, false);
  });

  it('adds and deletes an egress rule, restarts the network with clean-up and releases the address', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: `Network ${netName}` }).click();
    await page.getByRole('tab', { name: 'Egress rules' }).click();
    const panel = page.getByRole('tabpanel');
    await check(panel.getByRole('radio', { name: 'UDP' }));
    await panel.getByLabel('Start port').fill('53');
    await panel.getByLabel('CIDR list').fill('192.0.2.53/32');
    await panel.getByRole('button', { name: 'Add rule' }).click();
    await row(page, '192.0.2.53/32').waitFor();
    const [egress] = (await cloud.alice.client.ok('listEgressFirewallRules', { networkid: net.id })).firewallrule as Body[];
    assert.deepEqual([egress?.protocol, String(egress?.startport), egress?.cidrlist], ['udp', '53', '192.0.2.53/32']);
    await confirmDelete(page, row(page, '192.0.2.53/32'));
    await waitFor('the egress rule to go', empty('listEgressFirewallRules', 'firewallrule', { networkid: net.id }));

    await page.getByRole('link', { name: 'All networks' }).click();
    await row(page, netName).getByRole('button', { name: 'Restart' }).click();
    await check(page.getByRole('checkbox', { name: 'Clean up' }));
    await page.getByRole('button', { name: 'Restart', exact: true }).last().click();
    await page.getByText(`Network ${netName} restarted`).waitFor({ timeout: 30_000 });

    await page.getByRole('link', { name: netName }).click();
    await page.getByRole('tab', { name: 'Public IP addresses' }).click();
    await confirmDelete(page, row(page, ip.ipaddress as string), 'Release');
    await waitFor('the address to be released', empty('listPublicIpAddresses', 'publicipaddress', { id: ip.id }));
  });

  it('deletes the network from the list once its VM is gone', async () => {
    const { page } = browser;
    const vm = ((await cloud.alice.client.ok('listVirtualMachines', { name: vmName })).virtualmachine as Body[])[0];
    // Tenants may not expunge (allow.user.expunge.recover.vm): the admin clears the VM out of the network.
    await job(cloud.admin, 'destroyVirtualMachine', { id: vm.id, expunge: true });
    await page.getByRole('link', { name: 'All networks' }).click();
    await confirmDelete(page, row(page, netName));
    await waitFor('the network to go', async () => (((await cloud.alice.client.ok('listNetworks', { name: netName })).network ?? []) as Body[]).length === 0 || undefined);
    await row(page, netName).waitFor({ state: 'detached' });
  });
});
