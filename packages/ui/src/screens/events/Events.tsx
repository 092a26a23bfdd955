import { Select, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { ApiObject } from '../../api/client.ts';
import { useChoices } from '../../components/ChoiceList.tsx';
import { ListSearch } from '../../components/ListSearch.tsx';
import { useServerList } from '../../components/useServerList.ts';
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
  const filter = (set: (value?: string) => void) => (value?: string) => {
    set(value);
    list.setPage(1);
  };

  const filters = (
    <>
      <ListSearch list={list} onKeyword={setKeyword} />
      <Select
        aria-label="Level"
        allowClear
        placeholder="Level"
        style={{ width: 120 }}
        value={level}
        onChange={filter(setLevel)}
        options={['INFO', 'WARN', 'ERROR'].map((l) => ({ value: l, label: l }))}
      />
      <Select
        aria-label="Event type"
        allowClear
        showSearch
        placeholder="Type"
        style={{ width: 260 }}
        value={type}
        loading={types.loading}
        onChange={filter(setType)}
        options={types.items.map((t) => ({ value: String(t.name), label: String(t.name) }))}
      />
    </>
  );

  return (
    <>
      <Typography.Title level={2}>Events</Typography.Title>
      <SelectedTable apis={apis} list={list} columns={columns} noun="events" commands={{ archive: 'archiveEvents', remove: 'deleteEvents' }} filters={filters} />
    </>
  );
}
