import { Alert, Button, Checkbox, Input, List, Modal, Space, Spin } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/api.ts';
import type { ApiObject, ApiParams } from '../../api/client.ts';
import { useJobRunner } from '../../components/useJobRunner.ts';
import type { ImageKind } from './kinds.ts';

// Who may use an image: public or not, and the accounts of its owner's domain it is shared with
// (list*Permissions to show, update*Permissions to change).
export function ImagePermissions({ kind, item, onClose }: { kind: ImageKind; item: ApiObject; onClose: () => void }) {
  const [permission, setPermission] = useState<ApiObject | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [account, setAccount] = useState('');
  const runJob = useJobRunner();
  const name = String(item.name);

  const load = useCallback(() => {
    api
      .call(kind.listPermissions, { id: item.id })
      .then((answer) => {
        setPermission(((answer[kind.permissionKey] ?? []) as ApiObject[])[0] ?? {});
        setError(undefined);
      })
      .catch((err: Error) => setError(err.message));
  }, [kind, item.id]);
  useEffect(load, [load]);

  async function update(label: string, params: ApiParams) {
    const result = await runJob(label, kind.updatePermissions, { id: item.id, ...params }, () => `${label}: done`);
    if (result !== undefined) load();
  }

  const accounts = (permission?.account ?? []) as string[];
  return (
    <Modal title={`Permissions of ${name}`} open footer={null} onCancel={onClose}>
      {error !== undefined && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      {permission === undefined && error === undefined ? (
        <Spin />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Checkbox
            checked={permission?.ispublic === true}
            onChange={(event) => void update(`Make ${name} ${event.target.checked ? 'public' : 'private'}`, { ispublic: event.target.checked })}
          >
            Public
          </Checkbox>
          <List
            size="small"
            header="Shared with accounts"
            bordered
            dataSource={accounts}
            locale={{ emptyText: 'No account' }}
            renderItem={(shared) => (
              <List.Item
                actions={[
                  <Button key="remove" size="small" danger onClick={() => void update(`Stop sharing ${name} with ${shared}`, { op: 'remove', accounts: shared })}>
                    Remove
                  </Button>,
                ]}
              >
                {shared}
              </List.Item>
            )}
          />
          <Space.Compact style={{ width: '100%' }}>
            <Input placeholder="Account name" aria-label="Account name" value={account} onChange={(event) => setAccount(event.target.value)} />
            <Button
              disabled={account.trim() === ''}
              onClick={() => void update(`Share ${name} with ${account.trim()}`, { op: 'add', accounts: account.trim() }).then(() => setAccount(''))}
            >
              Add
            </Button>
          </Space.Compact>
        </Space>
      )}
    </Modal>
  );
}
