import { Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { ApiObject } from '../../api/client.ts';
import { ListSearch } from '../../components/ListSearch.tsx';
import { useServerList } from '../../components/useServerList.ts';
import { dateColumn, SelectedTable } from './SelectedTable.tsx';

const columns: ColumnsType<ApiObject> = [
  { title: 'Type', dataIndex: 'name' },
  { title: 'Description', dataIndex: 'description' },
  dateColumn('Sent', 'sent'),
];

// The alerts raised for operators (a host going down, a VM stopping on its own), with Archive / Delete selected.
export function Alerts({ apis }: { apis: ReadonlySet<string> }) {
  const [keyword, setKeyword] = useState('');
  const list = useServerList('listAlerts', 'alert', { keyword });
  return (
    <>
      <Typography.Title level={2}>Alerts</Typography.Title>
      <SelectedTable apis={apis} list={list} columns={columns} noun="alerts" commands={{ archive: 'archiveAlerts', remove: 'deleteAlerts' }} filters={<ListSearch list={list} onKeyword={setKeyword} />} />
    </>
  );
}
