import { Form, Modal } from 'antd';
import type { ApiObject } from '../../api/client.ts';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { UserFields, userParams, type UserValues } from './UserFields.tsx';

// createUser: another user of the account, who logs in with its own username and password.
export function AddUser({ account, onClose }: { account: ApiObject; onClose: (created: boolean) => void }) {
  const [form] = Form.useForm<UserValues>();
  const runJob = useJobRunner();

  async function submit(values: UserValues) {
    const params = { ...userParams(values), account: String(account.name), domainid: String(account.domainid) };
    const created = await runJob(`Add user ${params.username}`, 'createUser', params, () => `User ${params.username} added to ${account.name}`);
    if (created !== undefined) onClose(true);
  }

  return (
    <Modal open title={`Add user to ${account.name}`} okText="Add" onOk={() => form.submit()} onCancel={() => onClose(false)} destroyOnHidden>
      <Form form={form} name="add-user" layout="vertical" onFinish={(v) => void submit(v)}>
        <UserFields />
      </Form>
    </Modal>
  );
}
