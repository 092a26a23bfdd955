import { Button, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { ApiObject } from '../../api/client.ts';
import { ServerTable } from '../../components/ListPage.tsx';
import { ListSearch } from '../../components/ListSearch.tsx';
import { useServerList } from '../../components/useServerList.ts';
import { ConfirmRun } from '../../components/ConfirmRun.tsx';
import { RegisterUserData } from './RegisterUserData.tsx';

// Registered user data in the caller's reach: Register, Delete (refused while a VM uses it).
export function UserData({ apis }: { apis: ReadonlySet<string> }) {
  const [keyword, setKeyword] = useState('');
  const list = useServerList('listUserData', 'userdata', { keyword, listall: true });
  const [registering, setRegistering] = useState(false);

  const columns: ColumnsType<ApiObject> = [
    { title: 'Name', dataIndex: 'name' },
    { title: 'Parameters', dataIndex: 'params' },
    { title: 'Account', dataIndex: 'account' },
    { title: 'Domain', dataIndex: 'domain' },
    {
      title: 'Actions',
      key: 'actions',
      render: (_, u) =>
        apis.has('deleteUserData') && <ConfirmRun label="Delete" question={`Delete user data ${u.name}?`} command="deleteUserData" params={{ id: u.id }} done={`User data ${u.name} deleted`} onDone={list.reload} />,
    },
  ];

  return (
    <>
      <Typography.Title level={2}>User data</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <ListSearch list={list} onKeyword={setKeyword} />
        {apis.has('registerUserData') && (
          <Button type="primary" onClick={() => setRegistering(true)}>
            Register user data
          </Button>
        )}
      </Space>
      <ServerTable list={list} columns={columns} />
      {registering && (
        <RegisterUserData
          onClose={(created) => {
            setRegistering(false);
            if (created) list.reload();
          }}
        />
      )}
    </>
  );
}
