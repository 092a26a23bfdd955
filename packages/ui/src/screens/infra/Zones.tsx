import { Button, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ApiObject } from '../../api/client.ts';
import { ServerTable } from '../../components/ListPage.tsx';
import { useServerList } from '../../components/useServerList.ts';
import { href, navigate } from '../../router.tsx';
import { ConfirmRun } from '../../components/ConfirmRun.tsx';
import { AllocationButton, StateTag } from './common.tsx';

// The zones, each linking to its page; Add zone opens the wizard.
export function Zones({ apis }: { apis: ReadonlySet<string> }) {
  const list = useServerList('listZones', 'zone');
  const columns: ColumnsType<ApiObject> = [
    { title: 'Name', dataIndex: 'name', render: (name: string, z) => <a href={href(`/zones/${z.id}`)}>{name}</a> },
    { title: 'Network type', dataIndex: 'networktype' },
    { title: 'Allocation state', dataIndex: 'allocationstate', render: (s: string) => <StateTag state={s} /> },
    { title: 'DNS', dataIndex: 'dns1' },
    { title: 'Guest CIDR', dataIndex: 'guestcidraddress' },
    {
      title: 'Actions',
      key: 'actions',
      render: (_, z) => (
        <Space size="small">
          {apis.has('updateZone') && <AllocationButton what="Zone" item={z} command="updateZone" onDone={list.reload} />}
          {apis.has('deleteZone') && <ConfirmRun label="Delete" question={`Delete zone ${z.name}?`} command="deleteZone" params={{ id: z.id }} done={`Zone ${z.name} deleted`} onDone={list.reload} />}
        </Space>
      ),
    },
  ];
  return (
    <>
      <Typography.Title level={2}>Zones</Typography.Title>
      {apis.has('createZone') && (
        <Button type="primary" style={{ marginBottom: 16 }} onClick={() => navigate('/zones/add')}>
          Add zone
        </Button>
      )}
      <ServerTable list={list} columns={columns} />
    </>
  );
}
