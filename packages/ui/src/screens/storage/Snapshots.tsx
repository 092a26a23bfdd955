import { Button, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { ApiObject } from '../../api/client.ts';
import { ServerTable } from '../../components/ListPage.tsx';
import { useServerList } from '../../components/useServerList.ts';
import { ConfirmRun } from '../../components/ConfirmRun.tsx';
import { VolumeFromSnapshot } from './VolumeFromSnapshot.tsx';

// The caller's volume snapshots, with Create volume (from the snapshot), Revert and Delete as the role allows.
export function Snapshots({ apis }: { apis: ReadonlySet<string> }) {
  const list = useServerList('listSnapshots', 'snapshot', { listall: true });
  const [source, setSource] = useState<ApiObject | undefined>();

  const columns: ColumnsType<ApiObject> = [
    { title: 'Name', dataIndex: 'name' },
    { title: 'Volume', dataIndex: 'volumename' },
    { title: 'State', dataIndex: 'state' },
    { title: 'Created', dataIndex: 'created', render: (created: string) => (created ? new Date(created).toLocaleString() : '') },
    { title: 'Type', dataIndex: 'snapshottype' },
    {
      title: 'Actions',
      key: 'actions',
      render: (_, s) => (
        <Space size="small">
          {apis.has('createVolume') && (
            <Button size="small" disabled={s.state !== 'BackedUp'} onClick={() => setSource(s)}>
              Create volume
            </Button>
          )}
          {apis.has('revertSnapshot') && (
            <ConfirmRun label="Revert" question={`Revert volume ${s.volumename} to snapshot ${s.name}?`} command="revertSnapshot" params={{ id: s.id }} done={`Volume ${s.volumename} reverted to ${s.name}`} onDone={list.reload} disabled={s.state !== 'BackedUp'} />
          )}
          {apis.has('deleteSnapshot') && (
            <ConfirmRun label="Delete" question={`Delete snapshot ${s.name}?`} command="deleteSnapshot" params={{ id: s.id }} done={`Snapshot ${s.name} deleted`} onDone={list.reload} />
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Typography.Title level={2}>Snapshots</Typography.Title>
      <ServerTable list={list} columns={columns} />
      {source && <VolumeFromSnapshot snapshot={source} onClose={() => setSource(undefined)} />}
    </>
  );
}
