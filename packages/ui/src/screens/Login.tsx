import { Alert, Button, Card, Form, Input, Space } from 'antd';
import { useState } from 'react';
import type { Credentials } from '../api/session.ts';

export interface LoginProps {
  // Why the user is here again, e.g. "Session expired".
  notice?: string;
  onLogin: (credentials: Credentials) => Promise<void>;
}

export function Login({ notice, onLogin }: LoginProps) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(credentials: Credentials) {
    setBusy(true);
    setError(undefined);
    try {
      await onLogin(credentials);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  }

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <Card title="Nimbus" style={{ width: 380 }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          {notice !== undefined && error === undefined && <Alert type="warning" showIcon message={notice} />}
          {error !== undefined && <Alert type="error" showIcon message={error} />}
          <Form<Credentials> name="login" layout="vertical" initialValues={{ domain: '/' }} onFinish={submit}>
            <Form.Item label="Username" name="username" rules={[{ required: true, message: 'Enter your username' }]}>
              <Input autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item label="Password" name="password" rules={[{ required: true, message: 'Enter your password' }]}>
              <Input.Password autoComplete="current-password" visibilityToggle={false} />
            </Form.Item>
            <Form.Item label="Domain" name="domain">
              <Input />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} block>
              Log in
            </Button>
          </Form>
        </Space>
      </Card>
    </div>
  );
}
