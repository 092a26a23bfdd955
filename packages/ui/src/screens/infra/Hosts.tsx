import { Button, Space, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { ApiObject } from '../../api/client.ts';
import { ListSearch } from '../../components/ListSearch.tsx';
import { ServerTable } from '../../components/ListPage.tsx';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { useServerList } from '../../components/useServerList.ts';
import { href } from '../../router.tsx';
import { ConfirmRun } from '../../components/ConfirmRun.tsx';
import { AddHost } from './AddHost.tsx';
import { HostCapacity } from './capacity.tsx';
import { AllocationButton, StateTag } from './common.tsx';

// A host's actions: Enable/Disable, Reconnect, Delete (only once disabled, as CloudStack wants).
export function HostActions({ apis, host, onDone }: { apis: ReadonlySet<string>; host: ApiObject; onDone: () => void }) {
  const runJob = useJobRunner();
  async function reconnect() {
    await runJob(`Reconnect host ${host.name}`, 'reconnectHost', { id: host.id }, (r) => `Host ${host.name} is ${r.host?.state ?? 'reconnected'}`);
    onDone();
  }
  const enabled = host.resourcestate === 'Enabled';
  return (
    <Space size="small" wrap>
      {apis.has('updateHost') && <AllocationButton what="Host" item={host} command="updateHost" onDone={onDone} />}
      {apis.has('reconnectHost') && (
        <Button size="small" onClick={() => void reconnect()}>
          Reconnect
        </Button>
      )}
      {apis.has('deleteHost') && (
        <Tooltip title={enabled ? 'Disable the host first' : undefined}>
          <span>
            <ConfirmRun label="Delete" question={`Delete host ${host.name}?`} command="deleteHost" params={{ id: host.id }} done={`Host ${host.name} deleted`} onDone={onDone} disabled={enabled} />
          </span>
        </Tooltip>
      )}
    </Space>
  );
}

// The hypervisor hosts (of one zone when `zoneid` is given) with their state and capacity bars.
export function Hosts({ apis, zoneid }: { apis: ReadonlySet<string>; zoneid?: string }) {
  const [keyword, setKeyword] = useState('');
  const list = useServerList('listHosts', 'host', { zoneid, keyword, type: 'Routing' });
  const [adding, setAdding] = useState(false);
  const columns: ColumnsType<ApiObject> = [
    { title: 'Name', dataIndex: 'name', render: (name: string, h) => <a href={href(`/hosts/${h.id}`)}>{name}</a> },
    { title: 'State', key: 'state', render: (_, h) => <><StateTag state={h.state} /><StateTag state={h.resourcestate} /></> },
    { title: 'IP address', dataIndex: 'ipaddress' },
    { title: 'Hypervisor', dataIndex: 'hypervisor' },
    { title: 'Cluster', dataIndex: 'clustername' },
    { title: 'Zone', dataIndex: 'zonename' },
    { title: 'Capacity', key: 'capacity', width: 240, render: (_, h) => <HostCapacity host={h} /> },
    { title: 'Actions', key: 'actions', render: (_, h) => <HostActions apis={apis} host={h} onDone={list.reload} /> },
  ];
  return (
    <>
      {zoneid === undefined && <Typography.Title level={2}>Hosts</Typography.Title>}
      <Space wrap style={{ marginBottom: 16 }}>
        <ListSearch list={list} onKeyword={setKeyword} />
        {apis.has('addHost') && (
          <Button type="primary" onClick={() => setAdding(true)}>
            Add host
          </Button>
        )}
      </Space>
      <ServerTable list={list} columns={columns} />
      {adding && (
        <AddHost
          onClose={(changed) => {
            setAdding(false);
            if (changed) list.reload();
          }}
        />
      )}
    </>
  );
}
