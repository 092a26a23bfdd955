import { App, Button, Form, Input, Modal, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { ApiObject } from '../api/client.ts';
import { ServerTable } from '../components/ListPage.tsx';
import { useJobRunner } from '../components/useJobRunner.ts';
import { useServerList } from '../components/useServerList.ts';

type Dialog = 'create' | 'register' | undefined;

// The caller's SSH key pairs: create one (its private key is shown once), register a public key, delete.
export function SshKeyPairs({ apis }: { apis: ReadonlySet<string> }) {
  const list = useServerList('listSSHKeyPairs', 'sshkeypair', { listall: true });
  const { modal } = App.useApp();
  const runJob = useJobRunner();
  const [dialog, setDialog] = useState<Dialog>();
  const [form] = Form.useForm<{ name: string; publickey?: string }>();
  const [busy, setBusy] = useState(false);

  async function submit(values: { name: string; publickey?: string }) {
    setBusy(true);
    const [label, command] = dialog === 'create' ? ['Create key pair', 'createSSHKeyPair'] : ['Register key pair', 'registerSSHKeyPair'];
    const answer = await runJob(`${label} ${values.name}`, command, { ...values }, () => `${label} ${values.name}: done`);
    setBusy(false);
    list.reload();
    if (answer === undefined) return;
    setDialog(undefined);
    form.resetFields();
    const pair = (answer.keypair ?? {}) as ApiObject;
    if (pair.privatekey === undefined) return;
    modal.info({
      title: `The private key of ${values.name}`,
      width: 720,
      content: (
        <>
          <Typography.Paragraph>Save it now: Nimbus does not keep it and cannot show it again.</Typography.Paragraph>
          <Typography.Paragraph copyable={{ text: String(pair.privatekey) }}>
            <pre aria-label="Private key" style={{ fontSize: 11, maxHeight: 320, overflow: 'auto' }}>
              {String(pair.privatekey)}
            </pre>
          </Typography.Paragraph>
        </>
      ),
    });
  }

  function remove(pair: ApiObject) {
    modal.confirm({
      title: `Delete SSH key pair ${pair.name}?`,
      okText: 'OK',
      okButtonProps: { danger: true },
      onOk: async () => {
        await runJob(`Delete key pair ${pair.name}`, 'deleteSSHKeyPair', { name: pair.name, account: pair.account, domainid: pair.domainid }, () => `Deleted key pair ${pair.name}`);
        list.reload();
      },
    });
  }

  const columns: ColumnsType<ApiObject> = [
    { title: 'Name', dataIndex: 'name' },
    { title: 'Fingerprint', dataIndex: 'fingerprint' },
    { title: 'Account', dataIndex: 'account' },
    { title: 'Domain', dataIndex: 'domain' },
    {
      title: 'Actions',
      key: 'actions',
      render: (_, pair) =>
        apis.has('deleteSSHKeyPair') && (
          <Button size="small" danger onClick={() => remove(pair)}>
            Delete
          </Button>
        ),
    },
  ];

  return (
    <>
      <Typography.Title level={2}>SSH key pairs</Typography.Title>
      <Space style={{ marginBottom: 16 }}>
        {apis.has('createSSHKeyPair') && (
          <Button type="primary" onClick={() => setDialog('create')}>
            Create key pair
          </Button>
        )}
        {apis.has('registerSSHKeyPair') && <Button onClick={() => setDialog('register')}>Register key pair</Button>}
      </Space>
      <ServerTable list={list} columns={columns} />
      <Modal
        open={dialog !== undefined}
        title={dialog === 'create' ? 'Create SSH key pair' : 'Register SSH key pair'}
        okText={dialog === 'create' ? 'Create' : 'Register'}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setDialog(undefined)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(values) => void submit(values)}>
          <Form.Item name="name" label="Name" rules={[{ required: true, message: 'A name is needed' }]}>
            <Input />
          </Form.Item>
          {dialog === 'register' && (
            <Form.Item name="publickey" label="Public key" rules={[{ required: true, message: 'The public key is needed' }]}>
              <Input.TextArea rows={4} placeholder="ssh-ed25519 AAAA... or ssh-rsa AAAA..." />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
