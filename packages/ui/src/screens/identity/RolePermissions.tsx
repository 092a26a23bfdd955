import { Alert, App, Button, Form, Input, Select, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { api } from '../../api/api.ts';
import type { ApiObject } from '../../api/client.ts';
import { useJobRunner } from '../../components/useJobRunner.ts';

interface RuleValues {
  rule: string;
  permission: string;
  description?: string;
}

const permissions = [
  { value: 'allow', label: 'Allow' },
  { value: 'deny', label: 'Deny' },
];

// A role's rules in the order they are read (the first matching a command decides; with none, the command's own
// rights for the role's type): Add rule at the end, switch a rule between allow and deny, delete a rule.
// Not paged: the order is the point, and a role has a handful of rules.
export function RolePermissions({ roleid, apis }: { roleid: string; apis: ReadonlySet<string> }) {
  const [rules, setRules] = useState<ApiObject[]>();
  const [error, setError] = useState<string>();
  const [tick, setTick] = useState(0);
  const [form] = Form.useForm<RuleValues>();
  const runJob = useJobRunner();
  const { modal } = App.useApp();
  const reload = () => setTick((t) => t + 1);

  useEffect(() => {
    let live = true;
    api
      .call('listRolePermissions', { roleid })
      .then((answer) => live && setRules((answer.rolepermission ?? []) as ApiObject[]))
      .catch((err: Error) => live && setError(err.message));
    return () => {
      live = false;
    };
  }, [roleid, tick]);

  async function add(values: RuleValues) {
    const rule = values.rule.trim();
    const added = await runJob(`Add rule ${rule}`, 'createRolePermission', { roleid, rule, permission: values.permission, description: values.description?.trim() }, () => `Rule ${rule} added`);
    if (added === undefined) return;
    form.resetFields();
    reload();
  }

  async function setPermission(rule: ApiObject, permission: string) {
    await runJob(`Set ${rule.rule} to ${permission}`, 'updateRolePermission', { roleid, ruleid: rule.id, permission }, () => `Rule ${rule.rule}: ${permission}`);
    reload();
  }

  function remove(rule: ApiObject) {
    modal.confirm({
      title: `Delete rule ${rule.rule}?`,
      okText: 'OK',
      okButtonProps: { danger: true },
      onOk: async () => {
        await runJob(`Delete rule ${rule.rule}`, 'deleteRolePermission', { id: rule.id }, () => `Rule ${rule.rule} deleted`);
        reload();
      },
    });
  }

  const columns: ColumnsType<ApiObject> = [
    { title: '#', key: 'order', width: 48, render: (_, __, index) => index + 1 },
    { title: 'Rule', dataIndex: 'rule' },
    {
      title: 'Permission',
      key: 'permission',
      render: (_, r) =>
        apis.has('updateRolePermission') ? (
          <Select aria-label={`Permission of ${r.rule}`} size="small" style={{ width: 100 }} value={String(r.permission)} options={permissions} onChange={(p) => void setPermission(r, p)} />
        ) : (
          String(r.permission)
        ),
    },
    { title: 'Description', dataIndex: 'description' },
    {
      title: 'Actions',
      key: 'actions',
      render: (_, r) =>
        apis.has('deleteRolePermission') && (
          <Button size="small" danger onClick={() => remove(r)}>
            Delete
          </Button>
        ),
    },
  ];

  return (
    <>
      {error !== undefined && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      {apis.has('createRolePermission') && (
        <Form form={form} name="add-rule" layout="inline" initialValues={{ permission: 'allow' }} onFinish={(v) => void add(v)} style={{ marginBottom: 16 }}>
          <Form.Item label="Rule" name="rule" rules={[{ required: true, pattern: /^[a-zA-Z0-9*]+$/, message: 'An API name, * as a wildcard' }]}>
            <Input placeholder="listVirtualMachines or list*" style={{ width: 220 }} />
          </Form.Item>
          <Form.Item label="Permission" name="permission">
            <Select options={permissions} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item label="Description" name="description">
            <Input />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              Add rule
            </Button>
          </Space>
        </Form>
      )}
      <Table<ApiObject> rowKey="id" size="middle" columns={columns} dataSource={rules} loading={rules === undefined && error === undefined} pagination={false} />
    </>
  );
}
