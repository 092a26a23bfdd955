import { Button, Form, Input, Select, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { ApiObject } from '../../api/client.ts';
import { ServerTable } from '../../components/ListPage.tsx';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { useServerList } from '../../components/useServerList.ts';
import { ConfirmRun } from '../../components/ConfirmRun.tsx';
import { AllocationButton, EntitySelect, FormModal, required, StateTag } from './common.tsx';

interface ClusterForm {
  zoneid: string;
  podid: string;
  clustername: string;
  hypervisor: string;
}

export const hypervisorOptions = [
  { value: 'Simulator', label: 'Simulator' },
  { value: 'KVM', label: 'KVM' },
];

// The zone and pod pickers of an Add dialog: the pods are the chosen zone's.
export function ZonePodFields() {
  const form = Form.useFormInstance();
  const zoneid = Form.useWatch('zoneid', form) as string | undefined;
  return (
    <>
      <Form.Item name="zoneid" label="Zone" rules={required('A zone is needed')}>
        <EntitySelect command="listZones" itemKey="zone" />
      </Form.Item>
      <Form.Item name="podid" label="Pod" rules={required('A pod is needed')}>
        <EntitySelect command="listPods" itemKey="pod" params={{ zoneid }} disabled={zoneid === undefined} />
      </Form.Item>
    </>
  );
}

// The clusters (of one zone when `zoneid` is given), with Add cluster, Enable/Disable and Delete.
export function Clusters({ apis, zoneid }: { apis: ReadonlySet<string>; zoneid?: string }) {
  const list = useServerList('listClusters', 'cluster', { zoneid });
  const [adding, setAdding] = useState(false);
  const runJob = useJobRunner();
  const columns: ColumnsType<ApiObject> = [
    { title: 'Name', dataIndex: 'name' },
    { title: 'Hypervisor', dataIndex: 'hypervisortype' },
    { title: 'Pod', dataIndex: 'podname' },
    { title: 'Zone', dataIndex: 'zonename' },
    { title: 'Allocation state', dataIndex: 'allocationstate', render: (s: string) => <StateTag state={s} /> },
    {
      title: 'Actions',
      key: 'actions',
      render: (_, c) => (
        <Space size="small">
          {apis.has('updateCluster') && <AllocationButton what="Cluster" item={c} command="updateCluster" onDone={list.reload} />}
          {apis.has('deleteCluster') && <ConfirmRun label="Delete" question={`Delete cluster ${c.name}?`} command="deleteCluster" params={{ id: c.id }} done={`Cluster ${c.name} deleted`} onDone={list.reload} />}
        </Space>
      ),
    },
  ];
  const add = async (v: ClusterForm) =>
    (await runJob(`Add cluster ${v.clustername}`, 'addCluster', { ...v, clustertype: 'CloudManaged' }, (r) => `Cluster ${r.cluster?.[0]?.name ?? v.clustername} added`)) !== undefined;
  return (
    <>
      {zoneid === undefined && <Typography.Title level={2}>Clusters</Typography.Title>}
      {apis.has('addCluster') && (
        <Button type="primary" style={{ marginBottom: 16 }} onClick={() => setAdding(true)}>
          Add cluster
        </Button>
      )}
      <ServerTable list={list} columns={columns} />
      {adding && (
        <FormModal<ClusterForm>
          title="Add cluster"
          okText="Add"
          initialValues={{ zoneid, hypervisor: 'Simulator' }}
          onSubmit={add}
          onClose={(changed) => {
            setAdding(false);
            if (changed) list.reload();
          }}
        >
          <ZonePodFields />
          <Form.Item name="hypervisor" label="Hypervisor" rules={required('A hypervisor is needed')}>
            <Select options={hypervisorOptions} />
          </Form.Item>
          <Form.Item name="clustername" label="Name" rules={required('A name is needed')}>
            <Input />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}
