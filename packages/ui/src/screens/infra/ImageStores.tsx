import { Button, Form, Input, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { ApiObject } from '../../api/client.ts';
import { ServerTable } from '../../components/ListPage.tsx';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { useServerList } from '../../components/useServerList.ts';
import { ConfirmRun } from '../../components/ConfirmRun.tsx';
import { EntitySelect, FormModal, required } from './common.tsx';

interface StoreForm {
  name: string;
  zoneid: string;
  url: string;
}

// Secondary storage: the image stores, Add (NFS) and Delete.
export function ImageStores({ apis }: { apis: ReadonlySet<string> }) {
  const list = useServerList('listImageStores', 'imagestore');
  const [adding, setAdding] = useState(false);
  const runJob = useJobRunner();
  const columns: ColumnsType<ApiObject> = [
    { title: 'Name', dataIndex: 'name' },
    { title: 'URL', dataIndex: 'url' },
    { title: 'Protocol', dataIndex: 'protocol' },
    { title: 'Provider', dataIndex: 'providername' },
    { title: 'Zone', dataIndex: 'zonename' },
    {
      title: 'Actions',
      key: 'actions',
      render: (_, s) =>
        apis.has('deleteImageStore') && <ConfirmRun label="Delete" question={`Delete secondary storage ${s.name}?`} command="deleteImageStore" params={{ id: s.id }} done={`Secondary storage ${s.name} deleted`} onDone={list.reload} />,
    },
  ];
  const add = async (v: StoreForm) => (await runJob(`Add secondary storage ${v.name}`, 'addImageStore', { ...v, provider: 'NFS' }, (r) => `Secondary storage ${r.imagestore?.name ?? v.name} added`)) !== undefined;
  return (
    <>
      <Typography.Title level={2}>Secondary storage</Typography.Title>
      {apis.has('addImageStore') && (
        <Button type="primary" style={{ marginBottom: 16 }} onClick={() => setAdding(true)}>
          Add secondary storage
        </Button>
      )}
      <ServerTable list={list} columns={columns} />
      {adding && (
        <FormModal<StoreForm>
          title="Add secondary storage"
          okText="Add"
          onSubmit={add}
          onClose={(changed) => {
            setAdding(false);
            if (changed) list.reload();
          }}
        >
          <Form.Item name="name" label="Name" rules={required('A name is needed')}>
            <Input />
          </Form.Item>
          <Form.Item name="zoneid" label="Zone" rules={required('A zone is needed')}>
            <EntitySelect command="listZones" itemKey="zone" />
          </Form.Item>
          <Form.Item name="url" label="URL" rules={required('A URL is needed')} extra="nfs://<server>/<path>">
            <Input />
          </Form.Item>
        </FormModal>
      )}
    </>
  );
}
