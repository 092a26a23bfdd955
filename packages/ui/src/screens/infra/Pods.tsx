import { Button, Form, Input, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { ApiObject } from '../../api/client.ts';
import { ServerTable } from '../../components/ListPage.tsx';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { useServerList } from '../../components/useServerList.ts';
import { ConfirmRun } from '../../components/ConfirmRun.tsx';
import { AllocationButton, EntitySelect, FormModal, required, StateTag } from './common.tsx';

interface PodForm {
  zoneid: string;
  name: string;
  gateway: string;
  netmask: string;
  startip: string;
  endip?: string;
}

// The pods (of one zone when `zoneid` is given: the zone page shows them), with Add pod, Enable/Disable and Delete.
export function Pods({ apis, zoneid }: { apis: ReadonlySet<string>; zoneid?: string }) {
  const list = useServerList('listPods', 'pod', { zoneid });
  const [adding, setAdding] = useState(false);
  const runJob = useJobRunner();
  const columns: ColumnsType<ApiObject> = [
    { title: 'Name', dataIndex: 'name' },
    { title: 'Zone', dataIndex: 'zonename' },
    { title: 'Gateway', dataIndex: 'gateway' },
    { title: 'Netmask', dataIndex: 'netmask' },
    { title: 'Reserved IPs', key: 'range', render: (_, p) => (p.startip?.[0] !== undefined ? `${p.startip[0]} - ${p.endip?.[0] ?? p.startip[0]}` : '') },
    { title: 'Allocation state', dataIndex: 'allocationstate', render: (s: string) => <StateTag state={s} /> },
    {
      title: 'Actions',
      key: 'actions',
      render: (_, p) => (
        <Space size="small">
          {apis.has('updatePod') && <AllocationButton what="Pod" item={p} command="updatePod" onDone={list.reload} />}
          {apis.has('deletePod') && <ConfirmRun label="Delete" question={`Delete pod ${p.name}?`} command="deletePod" params={{ id: p.id }} done={`Pod ${p.name} deleted`} onDone={list.reload} />}
        </Space>
      ),
    },
  ];
  const add = async (v: PodForm) => (await runJob(`Add pod ${v.name}`, 'createPod', { ...v }, (r) => `Pod ${r.pod?.name ?? v.name} added`)) !== undefined;
  return (
    <>
      {zoneid === undefined && <Typography.Title level={2}>Pods</Typography.Title>}
      {apis.has('createPod') && (
        <Button type="primary" style={{ marginBottom: 16 }} onClick={() => setAdding(true)}>
          Add pod
        </Button>
      )}
      <ServerTable list={list} columns={columns} />
      {adding && (
        <FormModal<PodForm>
          title="Add pod"
          okText="Add"
          initialValues={{ zoneid }}
          onSubmit={add}
          onClose={(changed) => {
            setAdding(false);
            if (changed) list.reload();
          }}
        >
          <Form.Item name="zoneid" label="Zone" rules={required('A zone is needed')}>
            <EntitySelect command="listZones" itemKey="zone" />
          </Form.Item>
          <Form.Item name="name" label="Name" rules={required('A name is needed')}>
            <Input />
          </Form.Item>
          <Form.Item name="gateway" label="Reserved system gateway" rules={required('A gateway is needed')}>
            <Input />
          </Form.Item>
          <Form.Item name="netmask" label="Reserved system netmask" rules={required('A netmask is needed')}>
            <Input />
          </Form.Item>
          <Form.Item name="startip" label="Start reserved system IP" rules={required('A start IP is needed')}>
            <Input />
          </Form.Item>
          <Form.Item name="endip" label="End reserved system IP">
            <Input />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}
