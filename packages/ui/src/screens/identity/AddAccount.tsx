import { Alert, Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { useChoices } from '../../components/ChoiceList.tsx';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { UserFields, userParams, type UserValues } from './UserFields.tsx';

interface AccountValues extends UserValues {
  account?: string;
  domainid: string;
  roleid: string;
}

// createAccount from a form: the account and its first user, in a domain, with a role (User by default).
export function AddAccount({ onClose }: { onClose: (created: boolean) => void }) {
  const [form] = Form.useForm<AccountValues>();
  const domains = useChoices('listDomains', 'domain', { listall: true });
  const roles = useChoices('listRoles', 'role');
  const runJob = useJobRunner();

  // The caller's own domain (listed first) and the User role until another is picked, as CloudStack's form does.
  useEffect(() => {
    if (form.getFieldValue('domainid') === undefined && domains.items[0] !== undefined) form.setFieldValue('domainid', String(domains.items[0].id));
  }, [form, domains.items]);
  useEffect(() => {
    const user = roles.items.find((r) => r.name === 'User');
    if (form.getFieldValue('roleid') === undefined && user !== undefined) form.setFieldValue('roleid', String(user.id));
  }, [form, roles.items]);

  async function submit(values: AccountValues) {
    const params = { ...userParams(values), account: values.account?.trim() || undefined, domainid: values.domainid, roleid: values.roleid };
    const created = await runJob(`Add account ${params.account ?? params.username}`, 'createAccount', params, (r) => `Account ${r.account?.name ?? ''} created`);
    if (created !== undefined) onClose(true);
  }

  const error = domains.error ?? roles.error;
  return (
    <Modal open title="Add account" okText="Add" onOk={() => form.submit()} onCancel={() => onClose(false)} destroyOnHidden>
      <Form form={form} name="add-account" layout="vertical" onFinish={(v) => void submit(v)}>
        <UserFields />
        <Form.Item label="Account name" name="account" extra="The username when left empty">
          <Input />
        </Form.Item>
        <Form.Item label="Domain" name="domainid" rules={[{ required: true, message: 'A domain is needed' }]}>
          <Select loading={domains.loading} showSearch optionFilterProp="label" options={domains.items.map((d) => ({ value: String(d.id), label: String(d.path) }))} />
        </Form.Item>
        <Form.Item label="Role" name="roleid" rules={[{ required: true, message: 'A role is needed' }]}>
          <Select loading={roles.loading} options={roles.items.map((r) => ({ value: String(r.id), label: `${r.name} (${r.type})` }))} />
        </Form.Item>
      </Form>
      {error !== undefined && <Alert type="error" showIcon message={error} />}
    </Modal>
  );
}
