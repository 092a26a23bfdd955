import { Button, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { ApiObject } from '../../api/client.ts';
import { ServerTable } from '../../components/ListPage.tsx';
import { ListSearch } from '../../components/ListSearch.tsx';
import { useServerList } from '../../components/useServerList.ts';
import { href } from '../../router.tsx';
import { RoleDetail } from './RoleDetail.tsx';
import { RoleForm } from './RoleForm.tsx';

// The roles (#/roles), or one role with its rules (#/roles/<id>).
export function Roles({ id, apis }: { id?: string; apis: ReadonlySet<string> }) {
  if (id !== undefined) return <RoleDetail id={id} apis={apis} />;
  return <RoleList apis={apis} />;
}

function RoleList({ apis }: { apis: ReadonlySet<string> }) {
  const [keyword, setKeyword] = useState('');
  const list = useServerList('listRoles', 'role', { keyword });
  const [adding, setAdding] = useState(false);

  const columns: ColumnsType<ApiObject> = [
    { title: 'Name', key: 'name', render: (_, r) => <a href={href(`/roles/${r.id}`)}>{String(r.name)}</a> },
    { title: 'Type', dataIndex: 'type' },
    { title: 'Description', dataIndex: 'description' },
    { title: '', key: 'default', render: (_, r) => r.isdefault === true && <Tag>Default</Tag> },
  ];

  return (
    <>
      <Typography.Title level={2}>Roles</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <ListSearch list={list} onKeyword={setKeyword} />
        {apis.has('createRole') && (
          <Button type="primary" onClick={() => setAdding(true)}>
            Add role
          </Button>
        )}
      </Space>
      <ServerTable list={list} columns={columns} />
      {adding && (
        <RoleForm
          onClose={(created) => {
            setAdding(false);
            if (created) list.reload();
          }}
        />
      )}
    </>
  );
}
