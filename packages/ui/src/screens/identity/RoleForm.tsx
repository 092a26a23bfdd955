import { Form, Input, Modal, Select } from 'antd';
import type { ApiObject } from '../../api/client.ts';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { roleTypes } from './roleTypes.ts';

interface RoleValues {
  name: string;
  type: string;
  description?: string;
}

// Add role (createRole: name, type, description) or, given a role, Edit role (updateRole: name, description).
export function RoleForm({ role, onClose }: { role?: ApiObject; onClose: (changed: boolean) => void }) {
  const [form] = Form.useForm<RoleValues>();
  const runJob = useJobRunner();

  async function submit(values: RoleValues) {
    const name = values.name.trim();
    const description = values.description?.trim() ?? '';
    const done =
      role === undefined
        ? await runJob(`Add role ${name}`, 'createRole', { name, type: values.type, description }, () => `Role ${name} created`)
        : await runJob(`Edit role ${role.name}`, 'updateRole', { id: role.id, name, description }, () => `Role ${name} saved`);
    if (done !== undefined) onClose(true);
  }

  return (
    <Modal open title={role === undefined ? 'Add role' : `Edit role ${role.name}`} okText={role === undefined ? 'Add' : 'Save'} onOk={() => form.submit()} onCancel={() => onClose(false)} destroyOnHidden>
      <Form form={form} name="role" layout="vertical" initialValues={{ type: 'User', ...role }} onFinish={(v) => void submit(v)}>
        <Form.Item label="Name" name="name" rules={[{ required: true, whitespace: true, message: 'A name is needed' }]}>
          <Input />
        </Form.Item>
        {role === undefined && (
          <Form.Item label="Type" name="type" rules={[{ required: true, message: 'A type is needed' }]}>
            <Select options={roleTypes.map((t) => ({ value: t, label: t }))} />
          </Form.Item>
        )}
        <Form.Item label="Description" name="description">
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
