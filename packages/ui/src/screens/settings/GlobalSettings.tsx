import { Button, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { ApiObject } from '../../api/client.ts';
import { useChoices } from '../../components/ChoiceList.tsx';
import { ServerTable } from '../../components/ListPage.tsx';
import { ListSearch } from '../../components/ListSearch.tsx';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { useServerList } from '../../components/useServerList.ts';
import { FilterSelect } from '../events/FilterSelect.tsx';
import { SettingValue } from './SettingValue.tsx';

// The global settings (listConfigurations), searchable by name and filtered by category; a value is edited in its
// row (updateConfiguration) or reset to its default (resetConfiguration).
export function GlobalSettings({ apis }: { apis: ReadonlySet<string> }) {
  const [name, setName] = useState('');
  const [category, setCategory] = useState<string>();
  const list = useServerList('listConfigurations', 'configuration', { name, category });
  // Every setting once, for the category filter's choices (CloudStack has no command listing them).
  const all = useChoices('listConfigurations', 'configuration', { pagesize: -1 });
  const categories = [...new Set(all.items.map((s) => String(s.category)))].sort();
  const [editing, setEditing] = useState<string>();
  const runJob = useJobRunner();

  async function change(label: string, command: string, setting: ApiObject, value?: string) {
    const result = await runJob(`${label} ${setting.name}`, command, { name: setting.name, value }, (r) => `${setting.name} is ${String(r.configuration?.value ?? '')}`);
    if (result === undefined) return;
    setEditing(undefined);
    list.reload();
  }

  const columns: ColumnsType<ApiObject> = [
    { title: 'Name', dataIndex: 'name' },
    { title: 'Category', dataIndex: 'category' },
    {
      title: 'Value',
      key: 'value',
      render: (_, s) => (
        <SettingValue key={`${s.name}-${s.value}-${editing === s.name}`} setting={s} editing={editing === s.name} onSave={(value) => void change('Update', 'updateConfiguration', s, value)} onCancel={() => setEditing(undefined)} />
      ),
    },
    { title: 'Description', dataIndex: 'description' },
    {
      title: 'Actions',
      key: 'actions',
      render: (_, s) => (
        <Space size="small">
          {apis.has('updateConfiguration') && editing !== s.name && (
            <Button size="small" onClick={() => setEditing(String(s.name))}>
              Edit
            </Button>
          )}
          {apis.has('resetConfiguration') && (
            <Button size="small" disabled={String(s.value ?? '') === String(s.defaultvalue ?? '')} onClick={() => void change('Reset', 'resetConfiguration', s)}>
              Reset to default
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Typography.Title level={2}>Global settings</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <ListSearch list={list} onKeyword={setName} />
        <FilterSelect label="Category" list={list} value={category} onChange={setCategory} options={categories} width={200} loading={all.loading} />
      </Space>
      <ServerTable list={list} columns={columns} rowKey="name" />
    </>
  );
}
