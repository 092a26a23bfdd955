import { App, Button, Checkbox, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { ApiObject } from '../api/client.ts';
import { ServerTable } from '../components/ListPage.tsx';
import { useJobRunner } from '../components/useJobRunner.ts';
import { useServerList } from '../components/useServerList.ts';
import { href } from '../router.tsx';
import { AddNetwork } from './network/AddNetwork.tsx';
import { ConfirmRun } from '../components/ConfirmRun.tsx';
import { NetworkDetail } from './network/NetworkDetail.tsx';

// The networks the caller may see, or one of them (#/networks/<id>).
export function Networks({ id, apis }: { id?: string; apis: ReadonlySet<string> }) {
  if (id !== undefined) return <NetworkDetail id={id} apis={apis} />;
  return <NetworkList apis={apis} />;
}

function NetworkList({ apis }: { apis: ReadonlySet<string> }) {
  const list = useServerList('listNetworks', 'network', { listall: true });
  const [adding, setAdding] = useState(false);
  const runJob = useJobRunner();
  const { modal } = App.useApp();

  function restart(network: ApiObject) {
    // The checkbox lives in a confirm dialog, outside React state: the choice is read when OK is pressed.
    let cleanup = false;
    modal.confirm({
      title: `Restart network ${network.name}?`,
      content: <Checkbox onChange={(e) => (cleanup = e.target.checked)}>Clean up</Checkbox>,
      okText: 'Restart',
      onOk: async () => {
        await runJob(`Restart ${network.name}`, 'restartNetwork', { id: network.id, cleanup }, () => `Network ${network.name} restarted`);
        list.reload();
      },
    });
  }

  const columns: ColumnsType<ApiObject> = [
    { title: 'Name', key: 'name', render: (_, n) => <a href={href(`/networks/${n.id}`)}>{String(n.name)}</a> },
    { title: 'State', dataIndex: 'state' },
    { title: 'Type', dataIndex: 'type' },
    { title: 'CIDR', dataIndex: 'cidr' },
    { title: 'Zone', dataIndex: 'zonename' },
    { title: 'Account', dataIndex: 'account' },
    {
      title: 'Actions',
      key: 'actions',
      render: (_, n) => (
        <Space size="small">
          {apis.has('restartNetwork') && (
            <Button size="small" onClick={() => restart(n)}>
              Restart
            </Button>
          )}
          {apis.has('deleteNetwork') && (
            <ConfirmRun label="Delete" question={`Delete network ${n.name}?`} command="deleteNetwork" params={{ id: n.id }} done={`Network ${n.name} deleted`} onDone={list.reload} />
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Typography.Title level={2}>Networks</Typography.Title>
      {apis.has('createNetwork') && (
        <Space style={{ marginBottom: 16 }}>
          <Button type="primary" onClick={() => setAdding(true)}>
            Add network
          </Button>
        </Space>
      )}
      <AddNetwork
        open={adding}
        onClose={(created) => {
          setAdding(false);
          if (created) list.reload();
        }}
      />
      <ServerTable list={list} columns={columns} />
    </>
  );
}
