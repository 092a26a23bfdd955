import { App, Button, Space } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { ApiObject, ApiParams } from '../../api/client.ts';
import { ServerTable } from '../../components/ListPage.tsx';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { useServerList } from '../../components/useServerList.ts';
import { AddUser } from './AddUser.tsx';
import { StateTag } from './StateTag.tsx';
import { UserKeys } from './UserKeys.tsx';

// The users of an account: Add user, and on each Enable / Disable, API keys and Delete.
export function AccountUsers({ account, apis }: { account: ApiObject; apis: ReadonlySet<string> }) {
  const list = useServerList('listUsers', 'user', { account: String(account.name), domainid: String(account.domainid), listall: true });
  const runJob = useJobRunner();
  const { modal } = App.useApp();
  const [adding, setAdding] = useState(false);
  const [keysOf, setKeysOf] = useState<ApiObject>();

  async function run(label: string, command: string, params: ApiParams) {
    await runJob(label, command, params, (r) => (r.user?.state ? `User ${r.user.username} is ${r.user.state}` : `${label}: done`));
    list.reload();
  }

  function confirm(question: string, label: string, command: string, user: ApiObject) {
    modal.confirm({ title: question, okText: 'OK', okButtonProps: { danger: true }, onOk: () => run(`${label} ${user.username}`, command, { id: user.id }) });
  }

  const columns: ColumnsType<ApiObject> = [
    { title: 'Username', dataIndex: 'username' },
    { title: 'Name', key: 'name', render: (_, u) => `${u.firstname ?? ''} ${u.lastname ?? ''}`.trim() },
    { title: 'Email', dataIndex: 'email' },
    { title: 'State', key: 'state', render: (_, u) => <StateTag state={u.state} /> },
    {
      title: 'Actions',
      key: 'actions',
      render: (_, u) => {
        const enabled = String(u.state).toLowerCase() === 'enabled';
        return (
          <Space size="small" wrap>
            {apis.has('enableUser') && !enabled && (
              <Button size="small" onClick={() => void run(`Enable user ${u.username}`, 'enableUser', { id: u.id })}>
                Enable
              </Button>
            )}
            {apis.has('disableUser') && enabled && (
              <Button size="small" onClick={() => confirm(`Disable user ${u.username}? They can no longer log in.`, 'Disable user', 'disableUser', u)}>
                Disable
              </Button>
            )}
            {(apis.has('registerUserKeys') || apis.has('getUserKeys')) && (
              <Button size="small" onClick={() => setKeysOf(u)}>
                API keys
              </Button>
            )}
            {apis.has('deleteUser') && (
              <Button size="small" danger onClick={() => confirm(`Delete user ${u.username}?`, 'Delete user', 'deleteUser', u)}>
                Delete
              </Button>
            )}
          </Space>
        );
      },
    },
  ];

  const closed = (changed: boolean) => {
    setAdding(false);
    setKeysOf(undefined);
    if (changed) list.reload();
  };

  return (
    <>
      {apis.has('createUser') && (
        <Button type="primary" style={{ marginBottom: 16 }} onClick={() => setAdding(true)}>
          Add user
        </Button>
      )}
      <ServerTable list={list} columns={columns} />
      {adding && <AddUser account={account} onClose={closed} />}
      {keysOf !== undefined && <UserKeys user={keysOf} apis={apis} onClose={closed} />}
    </>
  );
}
