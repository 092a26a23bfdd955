import { Button, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { ApiObject } from '../../api/client.ts';
import { ServerTable } from '../../components/ListPage.tsx';
import { ListSearch } from '../../components/ListSearch.tsx';
import { useServerList } from '../../components/useServerList.ts';
import { href } from '../../router.tsx';
import { AccountDetail } from './AccountDetail.tsx';
import { AddAccount } from './AddAccount.tsx';
import { StateTag } from './StateTag.tsx';

// Every account of the admin's domain and below (#/accounts), or one of them (#/accounts/<id>).
export function Accounts({ id, apis }: { id?: string; apis: ReadonlySet<string> }) {
  if (id !== undefined) return <AccountDetail id={id} apis={apis} />;
  return <AccountList apis={apis} />;
}

function AccountList({ apis }: { apis: ReadonlySet<string> }) {
  const [keyword, setKeyword] = useState('');
  const list = useServerList('listAccounts', 'account', { keyword, listall: true });
  const [adding, setAdding] = useState(false);

  const columns: ColumnsType<ApiObject> = [
    { title: 'Name', key: 'name', render: (_, a) => <a href={href(`/accounts/${a.id}`)}>{String(a.name)}</a> },
    { title: 'Role', dataIndex: 'rolename' },
    { title: 'Domain', dataIndex: 'domainpath' },
    { title: 'State', key: 'state', render: (_, a) => <StateTag state={a.state} /> },
    { title: 'Users', key: 'users', render: (_, a) => (a.user as ApiObject[] | undefined)?.length ?? 0 },
    { title: 'Instances', dataIndex: 'vmtotal' },
  ];

  return (
    <>
      <Typography.Title level={2}>Accounts</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <ListSearch list={list} onKeyword={setKeyword} />
        {apis.has('createAccount') && (
          <Button type="primary" onClick={() => setAdding(true)}>
            Add account
          </Button>
        )}
      </Space>
      <ServerTable list={list} columns={columns} />
      {adding && (
        <AddAccount
          onClose={(created) => {
            setAdding(false);
            if (created) list.reload();
          }}
        />
      )}
    </>
  );
}
