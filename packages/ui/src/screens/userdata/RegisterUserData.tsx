import { Form, Input, Modal } from 'antd';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { base64 } from './base64.ts';

interface UserDataForm {
  name: string;
  userdata: string;
  params?: string;
}

// registerUserData: the user data typed as text (encoded here, as the API wants base64) and its variables' names.
export function RegisterUserData({ onClose }: { onClose: (created: boolean) => void }) {
  const [form] = Form.useForm<UserDataForm>();
  const runJob = useJobRunner();

  async function submit({ name, userdata, params }: UserDataForm) {
    const created = await runJob(`Register user data ${name}`, 'registerUserData', { name, userdata: base64(userdata), params }, () => `User data ${name} registered`);
    if (created !== undefined) onClose(true);
  }

  return (
    <Modal title="Register user data" open okText="Register" onOk={() => form.submit()} onCancel={() => onClose(false)} destroyOnHidden>
      <Form form={form} name="register-userdata" layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item label="Name" name="name" rules={[{ required: true, whitespace: true, message: 'A name is needed' }]}>
          <Input />
        </Form.Item>
        <Form.Item label="User data" name="userdata" rules={[{ required: true, message: 'The user data is needed' }]}>
          <Input.TextArea rows={8} placeholder="#cloud-config" style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Form.Item label="Parameters" name="params" extra="Comma-separated names of the variables the user data uses">
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
