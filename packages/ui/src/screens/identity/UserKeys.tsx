import { Alert, App, Button, Descriptions, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/api.ts';
import type { ApiObject } from '../../api/client.ts';
import { useJobRunner } from '../../components/useJobRunner.ts';

interface Keys {
  apikey: string;
  secretkey: string;
}

// A user's API keys: Generate keys (registerUserKeys, replacing any pair it had) shows the new pair; Show keys
// (getUserKeys) the current one. The keys stay in this dialog only: closing it forgets them.
export function UserKeys({ user, apis, onClose }: { user: ApiObject; apis: ReadonlySet<string>; onClose: (changed: boolean) => void }) {
  const runJob = useJobRunner();
  const { modal } = App.useApp();
  const [keys, setKeys] = useState<Keys>();
  const [error, setError] = useState<string>();
  const [changed, setChanged] = useState(false);
  const username = String(user.username);
  const hasKeys = user.apikey !== undefined || changed;

  async function generate() {
    const answer = await runJob(`Generate keys for ${username}`, 'registerUserKeys', { id: user.id }, () => `New API keys for ${username}`);
    if (answer === undefined) return;
    setChanged(true);
    setKeys(answer.userkeys as Keys);
  }

  function askGenerate() {
    if (!hasKeys) return void generate();
    modal.confirm({ title: `Replace the API keys of ${username}?`, content: 'Clients using the current keys stop working.', okText: 'OK', okButtonProps: { danger: true }, onOk: generate });
  }

  async function show() {
    setError(undefined);
    try {
      setKeys((await api.call('getUserKeys', { id: user.id })).userkeys as Keys);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <Modal open width={760} title={`API keys of ${username}`} footer={<Button onClick={() => onClose(changed)}>Close</Button>} onCancel={() => onClose(changed)}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space>
          {apis.has('registerUserKeys') && (
            <Button type="primary" onClick={askGenerate}>
              Generate keys
            </Button>
          )}
          {apis.has('getUserKeys') && hasKeys && <Button onClick={() => void show()}>Show keys</Button>}
        </Space>
        {!hasKeys && <Typography.Text type="secondary">{username} has no API keys yet.</Typography.Text>}
        {error !== undefined && <Alert type="error" showIcon message={error} />}
        {keys !== undefined && (
          <Descriptions bordered column={1} size="small">
            <Descriptions.Item label="API key">
              <Typography.Text code copyable aria-label="API key">
                {keys.apikey}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="Secret key">
              <Typography.Text code copyable aria-label="Secret key">
                {keys.secretkey}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        )}
      </Space>
    </Modal>
  );
}
