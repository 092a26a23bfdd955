import { App, Button, Space } from 'antd';
import { useState } from 'react';
import type { ApiObject, ApiParams } from '../../api/client.ts';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { navigate } from '../../router.tsx';
import { NameModal } from './NameModal.tsx';

// An account's actions, each where the role may call its command: Edit (rename), Disable / Enable, Lock, Delete.
// Lock is disableAccount with lock=true, as CloudStack's UI does: the users cannot log in, their resources keep running.
export function AccountActions({ account, apis, onChanged }: { account: ApiObject; apis: ReadonlySet<string>; onChanged: () => void }) {
  const runJob = useJobRunner();
  const { modal } = App.useApp();
  const [renaming, setRenaming] = useState(false);
  const name = String(account.name);
  const state = String(account.state).toLowerCase();

  async function run(label: string, command: string, params: ApiParams) {
    const result = await runJob(`${label} ${name}`, command, params, (r) => (r.account?.state ? `Account ${r.account.name ?? name} is ${r.account.state}` : `${label} ${name}: done`));
    onChanged();
    return result;
  }

  function confirm(label: string, question: string, command: string, params: ApiParams, then?: () => void) {
    modal.confirm({
      title: question,
      okText: 'OK',
      okButtonProps: { danger: true },
      onOk: async () => {
        if ((await run(label, command, params)) !== undefined) then?.();
      },
    });
  }

  return (
    <Space wrap style={{ marginBottom: 16 }}>
      {apis.has('updateAccount') && <Button onClick={() => setRenaming(true)}>Edit</Button>}
      {apis.has('enableAccount') && state !== 'enabled' && <Button onClick={() => void run('Enable account', 'enableAccount', { id: account.id })}>Enable</Button>}
      {apis.has('disableAccount') && state === 'enabled' && (
        <Button onClick={() => confirm('Disable account', `Disable account ${name}? Its users can no longer log in or call the API.`, 'disableAccount', { id: account.id, lock: false })}>Disable</Button>
      )}
      {apis.has('disableAccount') && state === 'enabled' && (
        <Button onClick={() => confirm('Lock account', `Lock account ${name}? Its users cannot log in.`, 'disableAccount', { id: account.id, lock: true })}>Lock</Button>
      )}
      {apis.has('deleteAccount') && (
        <Button danger onClick={() => confirm('Delete account', `Delete account ${name} with its users and resources?`, 'deleteAccount', { id: account.id }, () => navigate('/accounts'))}>
          Delete
        </Button>
      )}
      {renaming && (
        <NameModal
          title={`Edit account ${name}`}
          label="New name"
          okText="Save"
          initial={name}
          onClose={() => setRenaming(false)}
          onSubmit={async (newname) => (await run('Rename account', 'updateAccount', { id: account.id, newname })) !== undefined}
        />
      )}
    </Space>
  );
}
