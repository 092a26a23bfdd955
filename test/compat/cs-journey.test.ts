import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiClient } from '../support/client.ts';
import { type Emulator, startEmulator } from '../support/emulator.ts';
import { type PythonRun, runPython } from '../support/libcloud.ts';

/**
 * A user's journey through the `cs` client (Debian's cs and python3-cs) on the emulator's Sandbox-simulator zone:
 * the CLI for every step, so its own async job polling answers each job's result, and the library for what only
 * a script sees (paging with fetch_list, CloudStackApiException). test/compat/clients.test.ts covers the wire
 * (signatures, GET against POST on identity commands, --async, the CLI's error output); this one the resources.
 */
const CS_CLI = '/usr/bin/cloudstack';
const here = import.meta.dirname;
const ZONE = 'Sandbox-simulator';

function parse(r: PythonRun, what: string): any {
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`${what}: no JSON on stdout (exit ${r.code})\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  }
}

describe('the cs client\'s journey on the emulator', () => {
  let emulator: Emulator;
  let api: ApiClient;
  const env = () => ({ CLOUDSTACK_ENDPOINT: emulator.url, CLOUDSTACK_KEY: emulator.apiKey, CLOUDSTACK_SECRET: emulator.secretKey, CLOUDSTACK_POLL_INTERVAL: '0.05' });
  const run = (args: string[]) => runPython(args, env(), { cwd: here, timeoutMs: 60_000 });
  /** The CLI, which waits for every answer carrying a jobid and prints the job's result. */
  const cs = async (...args: string[]) => {
    const r = await run([CS_CLI, ...args]);
    assert.equal(r.code, 0, `cs ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
    return r.stdout.trim() === '' ? {} : parse(r, `cs ${args.join(' ')}`);
  };
  const library = async (...args: string[]) => parse(await run([join(here, 'cs_library_call.py'), ...args]), `cs library ${args.join(' ')}`);
  const fetchList = async (...args: string[]) => parse(await run([join(here, 'cs_fetch_list.py'), ...args]), `fetch_list ${args.join(' ')}`);

  before(async () => {
    const probe = await runPython(['-c', 'import cs'], {});
    if (probe.code !== 0) throw new Error(`Debian's python3-cs is missing (run bash scripts/setup.sh --system):\n${probe.stderr}`);
    emulator = await startEmulator();
    api = new ApiClient(emulator.url, emulator);
  });
  after(() => emulator?.stop());

  let zoneId: string;
  let offeringId: string;
  let templateId: string;
  let diskOfferingId: string;
  let vmId: string;

  it('finds the zone, offerings and templates a user picks from', async () => {
    const zones = await cs('listZones', 'available=true');
    assert.deepEqual(zones.zone.map((z: any) => z.name), [ZONE]);
    zoneId = zones.zone[0].id;
    const offerings = await cs('listServiceOfferings');
    const small = offerings.serviceoffering.find((o: any) => o.name === 'Small Instance');
    assert.ok(small && small.cpunumber >= 1 && small.memory > 0, JSON.stringify(offerings));
    offeringId = small.id;
    const templates = await cs('listTemplates', 'templatefilter=executable', `zoneid=${zoneId}`);
    const template = templates.template.find((t: any) => t.hypervisor === 'Simulator' && t.isready);
    assert.ok(template, JSON.stringify(templates));
    templateId = template.id;
    const disks = await cs('listDiskOfferings', 'name=Small');
    assert.equal(disks.diskoffering[0].iscustomized, false);
    diskOfferingId = disks.diskoffering[0].id;
  });

  it('creates an SSH key pair and finds it by name', async () => {
    const { keypair } = await cs('createSSHKeyPair', 'name=cs-key');
    assert.match(keypair.privatekey, /BEGIN (RSA |OPENSSH )?PRIVATE KEY/);
    assert.match(keypair.fingerprint, /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const listed = await cs('listSSHKeyPairs', 'name=cs-key');
    assert.equal(listed.count, 1);
    assert.equal(listed.sshkeypair[0].fingerprint, keypair.fingerprint);
    assert.equal(listed.sshkeypair[0].privatekey, undefined);
  });

  it('deploys a VM over POST, the CLI waiting on its job, and stops, starts and reboots it', async () => {
    const { virtualmachine: vm } = await cs(
      '--post', 'deployVirtualMachine', `zoneid=${zoneId}`, `serviceofferingid=${offeringId}`, `templateid=${templateId}`,
      'name=cs-vm', 'displayname=cs journey VM', 'keypair=cs-key',
    );
    assert.equal(vm.state, 'Running');
    assert.equal(vm.name, 'cs-vm');
    assert.equal(vm.displayname, 'cs journey VM');
    assert.equal(vm.keypairs, 'cs-key');
    assert.match(vm.nic[0].ipaddress, /^\d+\.\d+\.\d+\.\d+$/);
    vmId = vm.id;
    assert.equal((await cs('stopVirtualMachine', `id=${vmId}`)).virtualmachine.state, 'Stopped');
    assert.equal((await cs('listVirtualMachines', `id=${vmId}`)).virtualmachine[0].state, 'Stopped');
    assert.equal((await cs('startVirtualMachine', `id=${vmId}`)).virtualmachine.state, 'Running');
    assert.equal((await cs('rebootVirtualMachine', `id=${vmId}`)).virtualmachine.state, 'Running');
  });

  it('creates a volume, attaches it, detaches it and deletes it', async () => {
    const { volume } = await cs('createVolume', 'name=cs-data', `zoneid=${zoneId}`, `diskofferingid=${diskOfferingId}`);
    assert.equal(volume.type, 'DATADISK');
    assert.equal(volume.size, 5 * 2 ** 30);
    const attached = (await cs('attachVolume', `id=${volume.id}`, `virtualmachineid=${vmId}`)).volume;
    assert.equal(attached.virtualmachineid, vmId);
    assert.equal(attached.vmname, 'cs-vm');
    assert.ok(attached.attached, 'an attached volume says since when (Ansible\'s cs_volume decides on it)');
    const listed = await cs('listVolumes', `virtualmachineid=${vmId}`);
    assert.deepEqual(listed.volume.map((v: any) => v.type).sort(), ['DATADISK', 'ROOT']);
    const detached = (await cs('detachVolume', `id=${volume.id}`)).volume;
    assert.equal(detached.virtualmachineid, undefined);
    assert.equal(detached.attached, undefined);
    assert.deepEqual(await cs('deleteVolume', `id=${volume.id}`), { success: true });
    assert.deepEqual(await cs('listVolumes', `id=${volume.id}`), {});
  });

  it('takes a public IP, forwards a port to the VM, opens the firewall, then removes all of it', async () => {
    const { ipaddress } = await cs('associateIpAddress', `zoneid=${zoneId}`);
    assert.equal(ipaddress.issourcenat, false);
    const { portforwardingrule: pf } = await cs(
      '--post', 'createPortForwardingRule', `ipaddressid=${ipaddress.id}`, 'protocol=tcp', 'publicport=2222', 'privateport=22',
      `virtualmachineid=${vmId}`, 'openfirewall=false',
    );
    assert.equal(pf.virtualmachineid, vmId);
    assert.equal(pf.ipaddress, ipaddress.ipaddress);
    assert.equal(pf.publicport, '2222');
    // Over POST the CIDRs' `/` and `,` travel in a form body, percent-encoded in the string cs signs.
    const { firewallrule: fw } = await cs(
      '--post', 'createFirewallRule', `ipaddressid=${ipaddress.id}`, 'protocol=tcp', 'startport=2222', 'endport=2222', 'cidrlist=10.0.0.0/8,192.168.0.0/16',
    );
    assert.equal(fw.cidrlist, '10.0.0.0/8,192.168.0.0/16');
    assert.deepEqual((await cs('listPortForwardingRules', `ipaddressid=${ipaddress.id}`)).portforwardingrule.map((r: any) => r.id), [pf.id]);
    assert.deepEqual((await cs('listFirewallRules', `ipaddressid=${ipaddress.id}`)).firewallrule.map((r: any) => r.id), [fw.id]);
    assert.deepEqual(await cs('deleteFirewallRule', `id=${fw.id}`), { success: true });
    assert.deepEqual(await cs('deletePortForwardingRule', `id=${pf.id}`), { success: true });
    assert.deepEqual(await cs('disassociateIpAddress', `id=${ipaddress.id}`), { success: true });
    assert.deepEqual(await cs('listPortForwardingRules'), {});
    assert.deepEqual(await cs('listPublicIpAddresses', `id=${ipaddress.id}`), {});
  });

  it('pages with the library\'s fetch_list through every item', async () => {
    for (const name of ['cs-page-1', 'cs-page-2']) await cs('createVolume', `name=${name}`, `zoneid=${zoneId}`, `diskofferingid=${diskOfferingId}`);
    // One page holds one volume of three: fetch_list only collects all three by asking for pages 2 and 3.
    const first = await cs('listVolumes', 'page=1', 'pagesize=1');
    assert.equal(first.count, 3);
    assert.equal(first.volume.length, 1);
    const volumes = await fetchList('listVolumes', 'pagesize=1');
    assert.deepEqual(volumes.map((v: any) => (v.type === 'ROOT' ? v.virtualmachineid : v.name)).sort(), ['cs-page-1', 'cs-page-2', vmId].sort());
    for (const v of volumes.filter((v: any) => v.type === 'DATADISK')) assert.deepEqual(await cs('deleteVolume', `id=${v.id}`), { success: true });
  });

  it('raises CloudStackApiException with CloudStack\'s errorcode and errortext', async () => {
    const missing = '00000000-0000-4000-8000-000000000bad';
    const bad = await library('deleteVolume', `id=${missing}`);
    assert.equal(bad.exception, 'CloudStackApiException');
    assert.equal(bad.status, 431);
    assert.equal(bad.message, 'HTTP 431 response from CloudStack');
    assert.equal(bad.error.errorcode, 431);
    assert.equal(bad.error.cserrorcode, 4350);
    assert.match(bad.error.errortext, new RegExp(missing));
    const malformed = await library('listVirtualMachines', 'id=not-a-uuid');
    assert.equal(malformed.status, 431);
    assert.match(malformed.error.errortext, /Invalid parameter id value=not-a-uuid/);
    // A job that fails: the library's own polling (fetch_result) raises with the job's result as the error.
    await cs('stopVirtualMachine', `id=${vmId}`);
    const failed = await library('rebootVirtualMachine', `id=${vmId}`, 'fetch_result=true');
    assert.equal(failed.exception, 'CloudStackApiException');
    assert.equal(failed.message, 'Job failure');
    assert.equal(typeof failed.error.errorcode, 'number');
    assert.match(failed.error.errortext, /cs-vm/);
  });

  it('destroys the VM and deletes the key pair, leaving nothing behind', async () => {
    const destroyed = await cs('destroyVirtualMachine', `id=${vmId}`, 'expunge=true');
    assert.ok(['Destroyed', 'Expunging'].includes(destroyed.virtualmachine.state), JSON.stringify(destroyed));
    assert.deepEqual(await cs('deleteSSHKeyPair', 'name=cs-key'), { success: true });
    assert.deepEqual(await cs('listVirtualMachines'), {});
    assert.deepEqual(await cs('listSSHKeyPairs'), {});
    assert.deepEqual(await api.ok('listVolumes', { listall: true }), {});
  });
});
