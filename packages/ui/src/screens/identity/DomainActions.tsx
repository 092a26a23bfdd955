import { App, Button, Checkbox, Space } from 'antd';
import { useState } from 'react';
import type { ApiObject } from '../../api/client.ts';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { NameModal } from './NameModal.tsx';

export interface DomainActionsProps {
  domain: ApiObject;
  apis: ReadonlySet<string>;
  onAdded: () => Promise<void>;
  onRenamed: () => Promise<void>;
  onDeleted: () => Promise<void>;
}

// A domain's actions: Add subdomain, and below the top domain Edit (rename) and Delete (Clean up: with its
// subdomains, accounts and their resources; without it only an empty domain goes).
export function DomainActions({ domain, apis, onAdded, onRenamed, onDeleted }: DomainActionsProps) {
  const runJob = useJobRunner();
  const { modal } = App.useApp();
  const [dialog, setDialog] = useState<'add' | 'edit'>();
  const name = String(domain.name);
  const top = Number(domain.level) === 0;

  function remove() {
    // The checkbox lives in a confirm dialog, outside React state: the choice is read when OK is pressed.
    let cleanup = false;
    modal.confirm({
      title: `Delete domain ${domain.path}?`,
      content: <Checkbox onChange={(e) => (cleanup = e.target.checked)}>Clean up (delete its subdomains and accounts too)</Checkbox>,
      okText: 'OK',
      okButtonProps: { danger: true },
      onOk: async () => {
        if ((await runJob(`Delete domain ${name}`, 'deleteDomain', { id: domain.id, cleanup }, () => `Domain ${domain.path} deleted`)) !== undefined) await onDeleted();
      },
    });
  }

  return (
    <Space wrap style={{ marginBottom: 16 }}>
      {apis.has('createDomain') && (
        <Button type="primary" onClick={() => setDialog('add')}>
          Add subdomain
        </Button>
      )}
      {apis.has('updateDomain') && !top && <Button onClick={() => setDialog('edit')}>Edit</Button>}
      {apis.has('deleteDomain') && !top && (
        <Button danger onClick={remove}>
          Delete
        </Button>
      )}
      {dialog === 'add' && (
        <NameModal
          title={`Add a subdomain to ${domain.path}`}
          label="Name"
          okText="Add"
          onClose={() => setDialog(undefined)}
          onSubmit={async (sub) => {
            const made = await runJob(`Add domain ${sub}`, 'createDomain', { name: sub, parentdomainid: domain.id }, (r) => `Domain ${r.domain?.path ?? sub} created`);
            if (made !== undefined) await onAdded();
            return made !== undefined;
          }}
        />
      )}
      {dialog === 'edit' && (
        <NameModal
          title={`Edit domain ${domain.path}`}
          label="Name"
          okText="Save"
          initial={name}
          onClose={() => setDialog(undefined)}
          onSubmit={async (newName) => {
            const done = await runJob(`Rename domain ${name}`, 'updateDomain', { id: domain.id, name: newName }, (r) => `Domain renamed to ${r.domain?.name ?? newName}`);
            if (done !== undefined) await onRenamed();
            return done !== undefined;
          }}
        />
      )}
    </Space>
  );
}
