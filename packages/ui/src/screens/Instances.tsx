import { App, Button, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import type { ApiObject } from '../api/client.ts';
import { ServerTable } from '../components/ListPage.tsx';
import { useServerList } from '../components/useServerList.ts';
import { useJobRunner } from '../components/useJobRunner.ts';
import { href, navigate } from '../router.tsx';
import { stateColors, transitional } from './instance/vmStates.ts';
import { ListSearch } from '../components/ListSearch.tsx';
import { RowActions } from '../components/RowActions.tsx';
import { sortBy } from '../components/sortBy.ts';

const states = ['Running', 'Stopped', 'Starting', 'Stopping', 'Migrating', 'Error', 'Destroyed', 'Expunging'];

interface Action {
  label: string;
  command: string;
  allowed: (state: string) => boolean;
  confirm?: boolean;
}

const actions: Action[] = [
  { label: 'Start', command: 'startVirtualMachine', allowed: (s) => s === 'Stopped' },
  { label: 'Stop', command: 'stopVirtualMachine', allowed: (s) => s === 'Running' },
  { label: 'Reboot', command: 'rebootVirtualMachine', allowed: (s) => s === 'Running' },
  { label: 'Destroy', command: 'destroyVirtualMachine', allowed: (s) => !['Destroyed', 'Expunging'].includes(s), confirm: true },
];

const displayName = (vm: ApiObject) => String(vm.displayname ?? vm.name);

function ipAddress(vm: ApiObject): string {
  return String(vm.ipaddress ?? vm.nic?.[0]?.ipaddress ?? '');
}

// All instances the caller may see (listall: an admin's include the tenants'); a name opens its detail page.
export function Instances({ apis }: { apis: ReadonlySet<string> }) {
  const [keyword, setKeyword] = useState('');
  const [state, setState] = useState('');
  const list = useServerList('listVirtualMachines', 'virtualmachine', { keyword, state, listall: true });
  const runJob = useJobRunner();
  const { modal } = App.useApp();
  const allowed = actions.filter((action) => apis.has(action.command));
  const { items, reload } = list;

  // A VM between states (changed by another user or a job still running) is shown again until it settles.
  useEffect(() => {
    if (!items.some((vm) => transitional.has(String(vm.state)))) return;
    const timer = setTimeout(reload, 3000);
    return () => clearTimeout(timer);
  }, [items, reload]);

  async function run(action: Action, vm: ApiObject) {
    const name = String(vm.name);
    await runJob(`${action.label} ${name}`, action.command, { id: vm.id }, (result) => {
      const after = result.virtualmachine?.state;
      return after === undefined ? `${action.label} ${name}: done` : `${name} is ${after}`;
    });
    list.reload();
  }

  function onAction(action: Action, vm: ApiObject) {
    if (!action.confirm) return void run(action, vm);
    modal.confirm({
      title: `${action.label} instance ${vm.name}?`,
      okText: 'OK',
      okButtonProps: { danger: true },
      onOk: () => void run(action, vm),
    });
  }

  const columns: ColumnsType<ApiObject> = [
    { title: 'Name', key: 'name', sorter: sortBy(displayName), render: (_, vm) => <a href={href(`/instances/${vm.id}`)}>{displayName(vm)}</a> },
    { title: 'State', dataIndex: 'state', sorter: sortBy((vm) => vm.state), render: (s: string) => <Tag color={stateColors[s] ?? 'blue'}>{s}</Tag> },
    { title: 'IP address', key: 'ip', sorter: sortBy(ipAddress), render: (_, vm) => ipAddress(vm) },
    { title: 'Zone', dataIndex: 'zonename', sorter: sortBy((vm) => vm.zonename) },
    { title: 'Template', dataIndex: 'templatename', sorter: sortBy((vm) => vm.templatename) },
    { title: 'Offering', dataIndex: 'serviceofferingname', sorter: sortBy((vm) => vm.serviceofferingname) },
    {
      title: 'Actions',
      key: 'actions',
      render: (_, vm) => (
        <RowActions
          actions={allowed.map((action) => ({
            label: action.label,
            danger: action.confirm,
            disabled: !action.allowed(String(vm.state)),
            onClick: () => onAction(action, vm),
          }))}
        />
      ),
    },
  ];

  return (
    <>
      <Typography.Title level={2}>Instances</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <ListSearch list={list} onKeyword={setKeyword} />
        <label htmlFor="instance-state-filter">State</label>
        <Select
          id="instance-state-filter"
          value={state}
          style={{ width: 160 }}
          options={[{ value: '', label: 'All' }, ...states.map((s) => ({ value: s, label: s }))]}
          onChange={(value: string) => {
            setState(value);
            list.setPage(1);
          }}
        />
        {apis.has('deployVirtualMachine') && (
          <Button type="primary" onClick={() => navigate('/instances/deploy')}>
            Deploy instance
          </Button>
        )}
      </Space>
      <ServerTable list={list} columns={columns} />
    </>
  );
}
