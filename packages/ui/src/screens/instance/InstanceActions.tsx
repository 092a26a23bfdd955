import { App, Button, Checkbox, Space, Typography } from 'antd';
import { useState } from 'react';
import type { ApiObject, ApiParams } from '../../api/client.ts';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { isAdmin } from '../../nav.ts';
import { navigate } from '../../router.tsx';
import { PickModal, type Pick } from './PickModal.tsx';

export interface InstanceActionsProps {
  vm: ApiObject;
  apis: ReadonlySet<string>;
  onChanged: () => void;
}

interface Action {
  label: string;
  command: string;
  shown: boolean;
  enabled: boolean;
  onClick: () => void;
  danger?: boolean;
}

// The VM's actions, each only where the role may call its command (listApis), enabled in the states it applies to.
export function InstanceActions({ vm, apis, onChanged }: InstanceActionsProps) {
  const runJob = useJobRunner();
  const { modal } = App.useApp();
  const [pick, setPick] = useState<Pick>();
  const admin = isAdmin(apis);
  const name = String(vm.name);
  const state = String(vm.state);

  async function run(label: string, command: string, params: ApiParams) {
    const result = await runJob(`${label} ${name}`, command, { id: vm.id, ...params }, (r) => {
      const after = r.virtualmachine?.state;
      return after === undefined ? `${label} ${name}: done` : `${name} is ${after}`;
    });
    onChanged();
    return result;
  }

  // A confirmation with an optional checkbox (Force, Expunge) that adds its parameter.
  function confirm(label: string, command: string, option?: { label: string; param: string }, danger = true) {
    let checked = false;
    modal.confirm({
      title: `${label} instance ${name}?`,
      content: option && <Checkbox onChange={(e) => (checked = e.target.checked)}>{option.label}</Checkbox>,
      okText: 'OK',
      okButtonProps: { danger },
      onOk: () => void run(label, command, option ? { [option.param]: checked } : {}),
    });
  }

  function resetPassword() {
    modal.confirm({
      title: `Reset the password of ${name}?`,
      okText: 'OK',
      onOk: async () => {
        const result = await run('Reset password', 'resetPasswordForVirtualMachine', {});
        const password = result?.virtualmachine?.password;
        if (password === undefined) return;
        modal.info({
          title: `The new password of ${name}`,
          content: <Typography.Text code copyable aria-label="New password">{String(password)}</Typography.Text>,
        });
      },
    });
  }

  const stopped = state === 'Stopped';
  const running = state === 'Running';
  const destroyed = state === 'Destroyed';
  const live = running || stopped;
  const scaleCommand = stopped && apis.has('changeServiceForVirtualMachine') ? 'changeServiceForVirtualMachine' : 'scaleVirtualMachine';
  const picks: (Pick & { command: string; enabled: boolean; shown?: boolean })[] = [
    {
      label: 'Reset SSH key',
      command: 'resetSSHKeyForVirtualMachine',
      enabled: stopped,
      list: { command: 'listSSHKeyPairs', itemKey: 'sshkeypair', params: { account: vm.account, domainid: vm.domainid } },
      byName: true,
      run: (keypair) => run('Reset SSH key', 'resetSSHKeyForVirtualMachine', { keypair }),
    },
    {
      label: 'Scale',
      command: scaleCommand,
      enabled: live,
      list: { command: 'listServiceOfferings', itemKey: 'serviceoffering', params: { virtualmachineid: vm.id } },
      exclude: String(vm.serviceofferingid),
      run: (serviceofferingid) => run('Scale', scaleCommand, { serviceofferingid }),
    },
    {
      label: 'Migrate',
      command: 'migrateVirtualMachine',
      shown: admin,
      enabled: running,
      list: { command: 'listHosts', itemKey: 'host', params: { zoneid: vm.zoneid, type: 'Routing' } },
      exclude: String(vm.hostid),
      run: (hostid) => runJob(`Migrate ${name}`, 'migrateVirtualMachine', { virtualmachineid: vm.id, hostid }, (r) => `${name} is on ${r.virtualmachine?.hostname ?? hostid}`).then(onChanged),
    },
    {
      label: 'Attach ISO',
      command: 'attachIso',
      enabled: live && vm.isoid === undefined,
      list: { command: 'listIsos', itemKey: 'iso', params: { isready: true, isofilter: 'executable', zoneid: vm.zoneid } },
      run: (id) => runJob(`Attach ISO to ${name}`, 'attachIso', { id, virtualmachineid: vm.id }, (r) => `${r.virtualmachine?.isoname ?? 'The ISO'} is attached to ${name}`).then(onChanged),
    },
  ];

  const actions: Action[] = [
    { label: 'Start', command: 'startVirtualMachine', shown: true, enabled: stopped, onClick: () => void run('Start', 'startVirtualMachine', {}) },
    { label: 'Stop', command: 'stopVirtualMachine', shown: true, enabled: running, onClick: () => confirm('Stop', 'stopVirtualMachine', { label: 'Force', param: 'forced' }, false) },
    { label: 'Reboot', command: 'rebootVirtualMachine', shown: true, enabled: running, onClick: () => confirm('Reboot', 'rebootVirtualMachine', undefined, false) },
    { label: 'Console', command: 'createConsoleEndpoint', shown: true, enabled: running, onClick: () => navigate(`/instances/${String(vm.id)}/console`) },
    { label: 'Reset password', command: 'resetPasswordForVirtualMachine', shown: true, enabled: stopped, onClick: resetPassword },
    ...picks.map((p) => ({ label: p.label, command: p.command, shown: p.shown ?? true, enabled: p.enabled, onClick: () => setPick(p) })),
    {
      label: 'Detach ISO',
      command: 'detachIso',
      shown: vm.isoid !== undefined,
      enabled: live,
      onClick: () => void runJob(`Detach ISO from ${name}`, 'detachIso', { virtualmachineid: vm.id }, () => `The ISO is detached from ${name}`).then(onChanged),
    },
    { label: 'Recover', command: 'recoverVirtualMachine', shown: destroyed, enabled: true, onClick: () => confirm('Recover', 'recoverVirtualMachine', undefined, false) },
    { label: 'Expunge', command: 'expungeVirtualMachine', shown: admin && destroyed, enabled: true, danger: true, onClick: () => confirm('Expunge', 'expungeVirtualMachine') },
    {
      label: 'Destroy',
      command: 'destroyVirtualMachine',
      shown: !destroyed,
      enabled: state !== 'Expunging',
      danger: true,
      onClick: () => confirm('Destroy', 'destroyVirtualMachine', admin ? { label: 'Expunge', param: 'expunge' } : undefined),
    },
  ];

  return (
    <Space wrap>
      {actions
        .filter((action) => action.shown && apis.has(action.command))
        .map((action) => (
          <Button key={action.label} danger={action.danger} disabled={!action.enabled} onClick={action.onClick}>
            {action.label}
          </Button>
        ))}
      {pick !== undefined && <PickModal pick={pick} onClose={() => setPick(undefined)} />}
    </Space>
  );
}
