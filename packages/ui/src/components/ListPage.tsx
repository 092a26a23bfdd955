import { Alert, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ApiObject, ApiParams } from '../api/client.ts';
import { tablePagination, useServerList, type ServerList } from './useServerList.ts';

export interface ListPageProps {
  title?: string;
  command: string;
  itemKey: string;
  columns: ColumnsType<ApiObject>;
  params?: ApiParams;
}

// A server-paged table of a list, with the list's error (CloudStack's errortext) above it. `items` and `rowKey` are
// for lists whose rows are not one per item (a template has a row per zone).
export function ServerTable({ list, columns, items, rowKey = 'id' }: { list: ServerList; columns: ColumnsType<ApiObject>; items?: ApiObject[]; rowKey?: string | ((row: ApiObject) => string) }) {
  return (
    <>
      {list.error !== undefined && <Alert type="error" showIcon message={list.error} style={{ marginBottom: 16 }} />}
      <Table<ApiObject>
        rowKey={rowKey}
        size="middle"
        columns={columns}
        dataSource={items ?? list.items}
        loading={list.loading}
        pagination={tablePagination(list)}
      />
    </>
  );
}

// A read-only, server-paged table of one list command.
export function ListPage({ title, command, itemKey, columns, params }: ListPageProps) {
  const list = useServerList(command, itemKey, params);
  return (
    <>
      {title !== undefined && <Typography.Title level={2}>{title}</Typography.Title>}
      <ServerTable list={list} columns={columns} />
    </>
  );
}
