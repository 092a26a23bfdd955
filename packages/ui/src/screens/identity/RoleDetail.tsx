import { Alert, App, Button, Space, Typography } from 'antd';
import { NoItem } from '../../components/NoItem.tsx';
import { useState } from 'react';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { useServerList } from '../../components/useServerList.ts';
import { href, navigate } from '../../router.tsx';
import { FieldList } from '../../components/FieldList.tsx';
import { RoleForm } from './RoleForm.tsx';
import { RolePermissions } from './RolePermissions.tsx';

const fields: [string, string][] = [
  ['Name', 'name'],
  ['Type', 'type'],
  ['Description', 'description'],
  ['ID', 'id'],
];

// One role (#/roles/<id>): its details, Edit and Delete, and its rules in the order they are read.
export function RoleDetail({ id, apis }: { id: string; apis: ReadonlySet<string> }) {
  const found = useServerList('listRoles', 'role', { id });
  const role = found.items[0];
  const runJob = useJobRunner();
  const { modal } = App.useApp();
  const [editing, setEditing] = useState(false);
  if (role === undefined) return <NoItem list={found} what="role" id={id} />;
  const builtin = role.isdefault === true;

  function remove() {
    modal.confirm({
      title: `Delete role ${role.name}?`,
      okText: 'OK',
      okButtonProps: { danger: true },
      onOk: async () => {
        if ((await runJob(`Delete role ${role.name}`, 'deleteRole', { id }, () => `Role ${role.name} deleted`)) !== undefined) navigate('/roles');
      },
    });
  }

  return (
    <>
      <a href={href('/roles')}>All roles</a>
      <Typography.Title level={2}>Role {String(role.name)}</Typography.Title>
      {!builtin && (
        <Space style={{ marginBottom: 16 }}>
          {apis.has('updateRole') && <Button onClick={() => setEditing(true)}>Edit</Button>}
          {apis.has('deleteRole') && (
            <Button danger onClick={remove}>
              Delete
            </Button>
          )}
        </Space>
      )}
      <FieldList item={role} fields={fields} />
      <Typography.Title level={4} style={{ marginTop: 24 }}>
        Rules
      </Typography.Title>
      {builtin ? (
        <Alert type="info" showIcon message={`${role.name} is a default role: what it may call is fixed by the commands themselves, and it takes no rules.`} />
      ) : (
        <RolePermissions roleid={id} apis={apis} />
      )}
      {editing && (
        <RoleForm
          role={role}
          onClose={(changed) => {
            setEditing(false);
            if (changed) found.reload();
          }}
        />
      )}
    </>
  );
}
