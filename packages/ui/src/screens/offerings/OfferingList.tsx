import { Button, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type ComponentType, type ReactNode } from 'react';
import type { ApiObject } from '../../api/client.ts';
import { ServerTable } from '../../components/ListPage.tsx';
import { ListSearch } from '../../components/ListSearch.tsx';
import { useServerList, type ServerList } from '../../components/useServerList.ts';
import { ConfirmRun } from '../../components/ConfirmRun.tsx';
import { EditOffering } from './EditOffering.tsx';

export interface OfferingListProps {
  apis: ReadonlySet<string>;
  title: string;
  // "compute offering": the buttons' and the questions' word for one.
  noun: string;
  list: { command: string; itemKey: string };
  commands: { create: string; update?: string; remove: string };
  columns: ColumnsType<ApiObject>;
  AddForm: ComponentType<{ onClose: (created: boolean) => void }>;
  // Row actions before Delete (a network offering's Enable / Disable).
  actions?: (offering: ApiObject, list: ServerList) => ReactNode;
}

type Dialog = { kind: 'add' } | { kind: 'edit'; offering: ApiObject } | undefined;

// One kind of offering: a searchable server-paged list, Add, Edit (name, description) and Delete as the role allows.
export function OfferingList({ apis, title, noun, list: source, commands, columns, AddForm, actions }: OfferingListProps) {
  const [keyword, setKeyword] = useState('');
  const list = useServerList(source.command, source.itemKey, { keyword });
  const [dialog, setDialog] = useState<Dialog>();
  const update = commands.update;

  const actionColumn: ColumnsType<ApiObject>[number] = {
    title: 'Actions',
    key: 'actions',
    render: (_, o) => (
      <Space size="small">
        {update !== undefined && apis.has(update) && (
          <Button size="small" onClick={() => setDialog({ kind: 'edit', offering: o })}>
            Edit
          </Button>
        )}
        {actions?.(o, list)}
        {apis.has(commands.remove) && (
          <ConfirmRun label="Delete" question={`Delete ${noun} ${o.name}?`} command={commands.remove} params={{ id: o.id }} done={`${o.name} deleted`} onDone={list.reload} />
        )}
      </Space>
    ),
  };

  const closed = (changed: boolean) => {
    setDialog(undefined);
    if (changed) list.reload();
  };

  return (
    <>
      <Typography.Title level={2}>{title}</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <ListSearch list={list} onKeyword={setKeyword} />
        {apis.has(commands.create) && (
          <Button type="primary" onClick={() => setDialog({ kind: 'add' })}>
            Add {noun}
          </Button>
        )}
      </Space>
      <ServerTable list={list} columns={[...columns, actionColumn]} />
      {dialog?.kind === 'add' && <AddForm onClose={closed} />}
      {dialog?.kind === 'edit' && update !== undefined && <EditOffering offering={dialog.offering} command={update} onClose={closed} />}
    </>
  );
}

export const domainColumn = { title: 'Domain', dataIndex: 'domain', render: (domain?: string) => domain ?? 'Public' };
