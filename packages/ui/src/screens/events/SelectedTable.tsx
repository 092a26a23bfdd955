import { Alert, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type ReactNode } from 'react';
import type { ApiObject } from '../../api/client.ts';
import { tablePagination, type ServerList } from '../../components/useServerList.ts';
import { ConfirmRun } from '../../components/ConfirmRun.tsx';

export interface SelectedTableProps {
  apis: ReadonlySet<string>;
  list: ServerList;
  columns: ColumnsType<ApiObject>;
  // "events": what the buttons and questions call the rows.
  noun: string;
  commands: { archive: string; remove: string };
  // Filters shown left of the buttons.
  filters: ReactNode;
}

// A server-paged table whose rows can be ticked, with Archive / Delete selected (ids=), both asking first: the
// events' and the alerts' page.
export function SelectedTable({ apis, list, columns, noun, commands, filters }: SelectedTableProps) {
  const [selected, setSelected] = useState<string[]>([]);
  const done = () => {
    setSelected([]);
    list.reload();
  };
  const action = (label: string, command: string) =>
    apis.has(command) && (
      <ConfirmRun
        label={`${label} selected`}
        question={`${label} ${selected.length} ${noun}?`}
        command={command}
        params={{ ids: selected.join(',') }}
        done={`${label}d ${selected.length} ${noun}`}
        onDone={done}
        disabled={selected.length === 0}
      />
    );
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        {filters}
        {action('Archive', commands.archive)}
        {action('Delete', commands.remove)}
      </Space>
      {list.error !== undefined && <Alert type="error" showIcon message={list.error} style={{ marginBottom: 16 }} />}
      <Table<ApiObject>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={tablePagination(list)}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) }}
      />
    </>
  );
}

export const dateColumn = (title: string, dataIndex: string) => ({ title, dataIndex, render: (at?: string) => (at ? new Date(at).toLocaleString() : '') });
