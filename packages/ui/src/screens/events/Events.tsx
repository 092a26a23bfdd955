import { Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { ApiObject } from '../../api/client.ts';
import { useChoices } from '../../components/ChoiceList.tsx';
import { ListSearch } from '../../components/ListSearch.tsx';
import { useServerList } from '../../components/useServerList.ts';
import { FilterSelect } from './FilterSelect.tsx';
import { dateColumn, SelectedTable } from './SelectedTable.tsx';

const columns: ColumnsType<ApiObject> = [
  { title: 'Type', dataIndex: 'type' },
  { title: 'Level', dataIndex: 'level' },
  { title: 'Description', dataIndex: 'description' },
  { title: 'Account', dataIndex: 'account' },
  { title: 'Domain', dataIndex: 'domain' },
  dateColumn('Created', 'created'),
];

// The events in the caller's reach (an admin's include its domains'), newest first, with Archive / Delete selected.
export function Events({ apis }: { apis: ReadonlySet<string> }) {
  const [keyword, setKeyword] = useState('');
  const [level, setLevel] = useState<string>();
  const [type, setType] = useState<string>();
  const list = useServerList('listEvents', 'event', { keyword, level, type, listall: true });
  const types = useChoices('listEventTypes', 'eventtype');
  const filters = (
    <>
      <ListSearch list={list} onKeyword={setKeyword} />
      <FilterSelect label="Level" list={list} value={level} onChange={setLevel} options={['INFO', 'WARN', 'ERROR']} width={120} />
      <FilterSelect label="Event type" list={list} value={type} onChange={setType} options={types.items.map((t) => String(t.name))} width={260} loading={types.loading} />
    </>
  );

  return (
    <>
      <Typography.Title level={2}>Events</Typography.Title>
      <SelectedTable apis={apis} list={list} columns={columns} noun="events" commands={{ archive: 'archiveEvents', remove: 'deleteEvents' }} filters={filters} />
    </>
  );
}
