import { Button, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { ApiObject } from '../../api/client.ts';
import { ServerTable } from '../../components/ListPage.tsx';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { useServerList } from '../../components/useServerList.ts';
import { ConfirmRun } from '../../components/ConfirmRun.tsx';
import { AddStoragePool } from './AddStoragePool.tsx';
import { PoolCapacity } from './capacity.tsx';
import { StateTag } from './common.tsx';

const inMaintenance = (pool: ApiObject) => pool.state === 'Maintenance' || pool.state === 'PrepareForMaintenance';

// Primary storage: the pools with their usage bars, Add, Enable / Cancel maintenance and Delete.
export function StoragePools({ apis }: { apis: ReadonlySet<string> }) {
  const list = useServerList('listStoragePools', 'storagepool');
  const [adding, setAdding] = useState(false);
  const runJob = useJobRunner();

  async function maintenance(pool: ApiObject, command: string, label: string) {
    await runJob(`${label} of ${pool.name}`, command, { id: pool.id }, (r) => `Primary storage ${pool.name} is ${r.storagepool?.state ?? 'changed'}`);
    list.reload();
  }

  const columns: ColumnsType<ApiObject> = [
    { title: 'Name', dataIndex: 'name' },
    { title: 'State', dataIndex: 'state', render: (s: string) => <StateTag state={s} /> },
    { title: 'Scope', dataIndex: 'scope' },
    { title: 'Type', dataIndex: 'type' },
    { title: 'Path', key: 'path', render: (_, p) => `${p.ipaddress ?? ''}:${p.path ?? ''}` },
    { title: 'Cluster', dataIndex: 'clustername' },
    { title: 'Zone', dataIndex: 'zonename' },
    { title: 'Usage', key: 'usage', width: 240, render: (_, p) => <PoolCapacity pool={p} /> },
    {
      title: 'Actions',
      key: 'actions',
      render: (_, p) => (
        <Space size="small" wrap>
          {apis.has('enableStorageMaintenance') && !inMaintenance(p) && (
            <Button size="small" onClick={() => void maintenance(p, 'enableStorageMaintenance', 'Maintenance')}>
              Enable maintenance
            </Button>
          )}
          {apis.has('cancelStorageMaintenance') && inMaintenance(p) && (
            <Button size="small" onClick={() => void maintenance(p, 'cancelStorageMaintenance', 'Cancel maintenance')}>
              Cancel maintenance
            </Button>
          )}
          {apis.has('deleteStoragePool') && <ConfirmRun label="Delete" question={`Delete primary storage ${p.name}?`} command="deleteStoragePool" params={{ id: p.id }} done={`Primary storage ${p.name} deleted`} onDone={list.reload} />}
        </Space>
      ),
    },
  ];
  return (
    <>
      <Typography.Title level={2}>Primary storage</Typography.Title>
      {apis.has('createStoragePool') && (
        <Button type="primary" style={{ marginBottom: 16 }} onClick={() => setAdding(true)}>
          Add primary storage
        </Button>
      )}
      <ServerTable list={list} columns={columns} />
      {adding && (
        <AddStoragePool
          onClose={(changed) => {
            setAdding(false);
            if (changed) list.reload();
          }}
        />
      )}
    </>
  );
}
