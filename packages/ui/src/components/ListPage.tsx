import { Alert, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ApiObject, ApiParams } from '../api/client.ts';
import { tablePagination, useServerList } from './useServerList.ts';

export interface ListPageProps {
  title?: string;
  command: string;
  itemKey: string;
  columns: ColumnsType<ApiObject>;
  params?: ApiParams;
}

// A read-only, server-paged table of one list command.
export function ListPage({ title, command, itemKey, columns, params }: ListPageProps) {
  const list = useServerList(command, itemKey, params);
  return (
    <>
      {title !== undefined && <Typography.Title level={2}>{title}</Typography.Title>}
      {list.error !== undefined && <Alert type="error" showIcon message={list.error} style={{ marginBottom: 16 }} />}
      <Table<ApiObject>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={tablePagination(list)}
      />
    </>
  );
}
