/**
 * The fidelity probe's user journey: what a tenant does with its own API keys on the simulator zone (key pairs, user
 * data, a VM's life, volumes, snapshots, images, a network, public IPs and every rule on them, tags), then bad calls
 * whose error bodies are checked.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { Body, Recorder } from './fidelity-recorder.ts';

export interface TenantWorld {
  zoneId: string;
  offeringId: string;
  /** Another offering the VM is changed to while stopped. */
  otherOfferingId: string;
  templateId: string;
  ostypeId: string;
}

/** An OpenSSH `ssh-ed25519` public key line, made here so the probe needs no ssh-keygen. */
export function sshPublicKey(): string {
  const der = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' });
  const str = (b: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(b.length);
    return Buffer.concat([length, b]);
  };
  const blob = Buffer.concat([str(Buffer.from('ssh-ed25519')), str(der.subarray(der.length - 32))]);
  return `ssh-ed25519 ${blob.toString('base64')} probe@nimbus`;
}

const VM = 'virtualmachine';

export async function tenantJourney(u: Recorder, w: TenantWorld): Promise<{ vmId: string; networkId: string }> {
  for (const c of ['listZones', 'listServiceOfferings', 'listDiskOfferings', 'listNetworkOfferings', 'listOsTypes', 'listOsCategories', 'listHypervisors', 'listAccounts', 'listUsers', 'listDomains', 'listResourceLimits', 'listCapabilities']) await u.call(c);
  await u.call('listTemplates', { templatefilter: 'executable', zoneid: w.zoneId });
  await u.call('listApis', { name: 'listZones' });

  await u.call('createSSHKeyPair', { name: 'probe-created' });
  await u.call('registerSSHKeyPair', { name: 'probe-registered', publickey: sshPublicKey() });
  await u.call('listSSHKeyPairs');
  const userdata = (await u.call('registerUserData', { name: 'probe-userdata', userdata: Buffer.from('#cloud-config\n').toString('base64') })).userdata as Body;
  await u.call('listUserData');

  const vm = (await u.job('deployVirtualMachine', { zoneid: w.zoneId, serviceofferingid: w.offeringId, templateid: w.templateId, name: 'probe-vm', keypair: 'probe-registered', userdataid: userdata.id }))[VM] as Body;
  const vmId = vm.id as string;
  await u.call('listVirtualMachines');
  await u.call('listVirtualMachines', { id: vmId, details: 'all' });
  await u.call('listNics', { virtualmachineid: vmId });
  await u.call('getVirtualMachineUserData', { virtualmachineid: vmId });
  await u.call('updateVirtualMachine', { id: vmId, displayname: 'probe vm' });
  await u.call('createConsoleEndpoint', { virtualmachineid: vmId });
  await u.job('rebootVirtualMachine', { id: vmId });
  await u.job('stopVirtualMachine', { id: vmId });
  await u.job('resetPasswordForVirtualMachine', { id: vmId });
  await u.job('resetSSHKeyForVirtualMachine', { id: vmId, keypair: 'probe-created' });
  await u.call('changeServiceForVirtualMachine', { id: vmId, serviceofferingid: w.otherOfferingId });
  await u.job('startVirtualMachine', { id: vmId });

  await volumes(u, w, vmId);
  await images(u, w, vmId);
  const networkId = await networking(u, w, vmId);

  await u.job('createTags', { resourceids: vmId, resourcetype: 'UserVm', 'tags[0].key': 'probe', 'tags[0].value': 'yes' });
  await u.call('listTags');
  await u.job('deleteTags', { resourceids: vmId, resourcetype: 'UserVm' });
  await u.call('listEvents', { pagesize: 5 });
  await u.call('listAsyncJobs', { pagesize: 5 });

  await badCalls(u, vmId);
  await u.call('deleteSSHKeyPair', { name: 'probe-created' });
  const unused = (await u.call('registerUserData', { name: 'probe-unused', userdata: Buffer.from('#!/bin/sh\n').toString('base64') })).userdata as Body;
  await u.call('deleteUserData', { id: unused.id });
  return { vmId, networkId };
}

async function volumes(u: Recorder, w: TenantWorld, vmId: string): Promise<void> {
  const offering = ((await u.call('listDiskOfferings')).diskoffering as Body[]).find((o) => !o.iscustomized) as Body;
  const volume = (await u.job('createVolume', { name: 'probe-data', zoneid: w.zoneId, diskofferingid: offering.id })).volume as Body;
  await u.job('attachVolume', { id: volume.id, virtualmachineid: vmId });
  await u.call('listVolumes');
  await u.job('detachVolume', { id: volume.id });
  await u.call('listVolumes', { id: volume.id });
  const snapshot = (await u.job('createSnapshot', { volumeid: volume.id })).snapshot as Body;
  await u.call('listSnapshots');
  const restored = (await u.job('createVolume', { name: 'probe-restored', snapshotid: snapshot.id })).volume as Body;
  await u.call('deleteVolume', { id: restored.id });
  await u.job('revertSnapshot', { id: snapshot.id });
  await u.job('deleteSnapshot', { id: snapshot.id });
  await u.job('extractVolume', { id: volume.id, zoneid: w.zoneId, mode: 'HTTP_DOWNLOAD' });
  await u.call('deleteVolume', { id: volume.id });

  const vmSnapshot = (await u.job('createVMSnapshot', { virtualmachineid: vmId })).vmsnapshot as Body;
  await u.call('listVMSnapshot');
  await u.job('stopVirtualMachine', { id: vmId });
  await u.job('revertToVMSnapshot', { vmsnapshotid: vmSnapshot.id });
  await u.job('deleteVMSnapshot', { vmsnapshotid: vmSnapshot.id });
  const root = ((await u.call('listVolumes', { virtualmachineid: vmId, type: 'ROOT' })).volume as Body[])[0];
  await u.job('resizeVolume', { id: root.id, size: Math.ceil(Number(root.size) / 2 ** 30) + 1 });
  await u.job('startVirtualMachine', { id: vmId });
}

async function images(u: Recorder, w: TenantWorld, vmId: string): Promise<void> {
  const template = ((await u.call('registerTemplate', { name: 'probe-tmpl', displaytext: 'probe template', format: 'QCOW2', hypervisor: 'Simulator', url: 'http://images.example.org/probe.qcow2', zoneid: w.zoneId, ostypeid: w.ostypeId, isextractable: true })).template as Body[])[0];
  for (let i = 0; i < 100 && !((await u.send('listTemplates', { id: template.id, templatefilter: 'self' })).parsed.listtemplatesresponse.template?.[0]?.isready); i++) await new Promise((r) => setTimeout(r, 100));
  await u.job('extractTemplate', { id: template.id, mode: 'HTTP_DOWNLOAD' });
  await u.call('updateTemplate', { id: template.id, displaytext: 'probe template, renamed' });
  await u.call('updateTemplatePermissions', { id: template.id, ispublic: false });
  await u.call('listTemplatePermissions', { id: template.id });
  await u.call('listTemplates', { templatefilter: 'self' });
  await u.job('deleteTemplate', { id: template.id });
  const upload = (await u.call('getUploadParamsForTemplate', { name: 'probe-upload', displaytext: 'probe upload', format: 'QCOW2', hypervisor: 'Simulator', zoneid: w.zoneId, ostypeid: w.ostypeId })).getuploadparams as Body;
  await u.job('deleteTemplate', { id: upload.id });
  const isoUpload = (await u.call('getUploadParamsForIso', { name: 'probe-iso-upload', format: 'ISO', zoneid: w.zoneId })).getuploadparams as Body;
  await u.job('deleteIso', { id: isoUpload.id });

  const iso = (await u.call('registerIso', { name: 'probe-iso', displaytext: 'probe iso', url: 'http://images.example.org/probe.iso', zoneid: w.zoneId, ostypeid: w.ostypeId, isextractable: true })).iso as Body;
  await u.call('updateIso', { id: iso.id, displaytext: 'probe iso, renamed' });
  await u.call('updateIsoPermissions', { id: iso.id, ispublic: false });
  await u.call('listIsoPermissions', { id: iso.id });
  await u.call('listIsos', { isofilter: 'self' });
  for (let i = 0; i < 100 && !((await u.send('listIsos', { id: iso.id, isofilter: 'self' })).parsed.listisosresponse.iso?.[0]?.isready); i++) await new Promise((r) => setTimeout(r, 100));
  await u.job('extractIso', { id: iso.id, mode: 'HTTP_DOWNLOAD' });
  await u.job('attachIso', { id: iso.id, virtualmachineid: vmId });
  await u.job('detachIso', { virtualmachineid: vmId });
  await u.job('deleteIso', { id: iso.id });
}

async function networking(u: Recorder, w: TenantWorld, vmId: string): Promise<string> {
  const network = ((await u.call('listNetworks')).network as Body[])[0];
  await u.job('updateNetwork', { id: network.id, displaytext: 'probe network' });
  const ip = async () => (await u.job('associateIpAddress', { networkid: network.id })).ipaddress as Body;
  const [pf, nat, lb] = [await ip(), await ip(), await ip()];
  await u.call('listPublicIpAddresses');

  const rule = (await u.job('createPortForwardingRule', { ipaddressid: pf.id, protocol: 'TCP', publicport: 2222, privateport: 22, virtualmachineid: vmId })).portforwardingrule as Body;
  await u.call('listPortForwardingRules');
  const fw = (await u.job('createFirewallRule', { ipaddressid: pf.id, protocol: 'TCP', startport: 443, endport: 443, cidrlist: '0.0.0.0/0' })).firewallrule as Body;
  await u.call('listFirewallRules');
  const egress = (await u.job('createEgressFirewallRule', { networkid: network.id, protocol: 'TCP', startport: 80, endport: 80 })).firewallrule as Body;
  await u.call('listEgressFirewallRules');

  await u.call('enableStaticNat', { ipaddressid: nat.id, virtualmachineid: vmId });
  await u.call('listIpForwardingRules');
  await u.call('listPublicIpAddresses', { id: nat.id });
  await u.job('disableStaticNat', { ipaddressid: nat.id });

  const lbRule = (await u.job('createLoadBalancerRule', { name: 'probe-lb', algorithm: 'roundrobin', publicport: 80, privateport: 8080, publicipid: lb.id })).loadbalancer as Body;
  await u.call('listLoadBalancerRules');
  await u.job('assignToLoadBalancerRule', { id: lbRule.id, virtualmachineids: vmId });
  await u.call('listLoadBalancerRuleInstances', { id: lbRule.id });
  await u.call('listLoadBalancerRuleInstances', { id: lbRule.id, lbvmips: true });
  const sticky = (await u.job('createLBStickinessPolicy', { lbruleid: lbRule.id, name: 'probe-sticky', methodname: 'LbCookie' })).stickinesspolicies as Body;
  await u.call('listLBStickinessPolicies', { lbruleid: lbRule.id });
  const health = (await u.job('createLBHealthCheckPolicy', { lbruleid: lbRule.id, pingpath: '/health' })).healthcheckpolicies as Body;
  await u.call('listLBHealthCheckPolicies', { lbruleid: lbRule.id });
  await u.job('updateLoadBalancerRule', { id: lbRule.id, algorithm: 'leastconn' });
  await u.job('deleteLBStickinessPolicy', { id: sticky.stickinesspolicy?.[0]?.id ?? sticky.id });
  await u.job('deleteLBHealthCheckPolicy', { id: health.healthcheckpolicy?.[0]?.id ?? health.id });
  await u.job('removeFromLoadBalancerRule', { id: lbRule.id, virtualmachineids: vmId });
  await u.job('deleteLoadBalancerRule', { id: lbRule.id });

  await u.job('deleteEgressFirewallRule', { id: egress.id });
  await u.job('deleteFirewallRule', { id: fw.id });
  await u.job('deletePortForwardingRule', { id: rule.id });
  for (const a of [pf, nat, lb]) await u.job('disassociateIpAddress', { id: a.id });

  const offering = ((await u.call('listNetworkOfferings', { guestiptype: 'Isolated' })).networkoffering as Body[])[0];
  const second = (await u.call('createNetwork', { name: 'probe-net', displaytext: 'probe net', networkofferingid: offering.id, zoneid: w.zoneId })).network as Body;
  await u.job('restartNetwork', { id: network.id });
  await u.job('deleteNetwork', { id: second.id });
  return network.id as string;
}

/** A few refusals per domain: a missing parameter, an unknown id, a wrong state, a command users may not call. */
async function badCalls(u: Recorder, vmId: string): Promise<void> {
  const nobody = '00000000-0000-4000-8000-000000000000';
  await u.bad('listVirtualMachines', { id: 'not-a-uuid' }, 'malformed id');
  await u.bad('deployVirtualMachine', {}, 'missing parameters');
  await u.bad('startVirtualMachine', { id: vmId }, 'already running');
  await u.bad('stopVirtualMachine', { id: nobody }, 'unknown id');
  await u.bad('createVolume', { name: 'x' }, 'no size or offering');
  await u.bad('deleteVolume', { id: nobody }, 'unknown id');
  await u.bad('extractVolume', { id: nobody, zoneid: nobody }, 'missing mode');
  await u.bad('associateIpAddress', { networkid: nobody }, 'unknown network');
  await u.bad('createFirewallRule', { ipaddressid: nobody, protocol: 'TCP' }, 'unknown address');
  await u.bad('createSSHKeyPair', { name: 'probe-registered' }, 'duplicate name');
  await u.bad('createZone', { name: 'z', dns1: '8.8.8.8', internaldns1: '8.8.8.8', networktype: 'Advanced' }, 'admin only');
  await u.bad('updateTemplate', { id: nobody }, 'unknown id');
  await u.bad('createAccount', { username: 'x' }, 'missing parameters');
  await u.bad('noSuchCommand', {}, 'unknown command');
}
