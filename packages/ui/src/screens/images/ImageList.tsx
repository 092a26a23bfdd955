import { App, Button, Select, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { ApiObject } from '../../api/client.ts';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { ServerTable } from '../../components/ListPage.tsx';
import { useServerList } from '../../components/useServerList.ts';
import { isAdmin } from '../../nav.ts';
import { href } from '../../router.tsx';
import { DownloadStatus, rowKey, useLiveDownloads } from './DownloadStatus.tsx';
import { EditImage } from './EditImage.tsx';
import { ImagePermissions } from './ImagePermissions.tsx';
import { imageFilters, type ImageKind } from './kinds.ts';
import { RegisterImage } from './RegisterImage.tsx';

type Dialog = { type: 'register' | 'upload' } | { type: 'edit' | 'permissions'; item: ApiObject };

// The templates or ISOs of a filter, one row per zone an image is in, with their downloads followed live.
export function ImageList({ kind, apis }: { kind: ImageKind; apis: ReadonlySet<string> }) {
  const admin = isAdmin(apis);
  const [filter, setFilter] = useState('self');
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const list = useServerList(kind.list, kind.key, { [kind.filterParam]: filter });
  const items = useLiveDownloads(kind, filter, list.items);
  const runJob = useJobRunner();
  const { modal } = App.useApp();

  function confirmDelete(item: ApiObject) {
    const where = item.zonename === undefined ? '' : ` from zone ${String(item.zonename)}`;
    modal.confirm({
      title: `Delete ${kind.noun} ${String(item.name)}${where}?`,
      okText: 'Delete',
      okButtonProps: { danger: true },
      onOk: async () => {
        await runJob(`Delete ${kind.noun} ${String(item.name)}`, kind.remove, { id: item.id, zoneid: item.zoneid }, () => `${kind.label} ${String(item.name)} deleted`);
        list.reload();
      },
    });
  }

  const allActions: { label: string; command: string; run: (item: ApiObject) => void; danger?: boolean }[] = [
    { label: 'Edit', command: kind.update, run: (item) => setDialog({ type: 'edit', item }) },
    { label: 'Permissions', command: kind.updatePermissions, run: (item) => setDialog({ type: 'permissions', item }) },
    { label: 'Delete', command: kind.remove, run: confirmDelete, danger: true },
  ];
  const actions = allActions.filter((action) => apis.has(action.command));

  const columns: ColumnsType<ApiObject> = [
    { title: 'Name', key: 'name', render: (_, item) => <a href={href(`${kind.route}/${String(item.id)}`)}>{String(item.name)}</a> },
    { title: 'OS type', dataIndex: 'ostypename' },
    ...(kind.key === 'template' ? [{ title: 'Hypervisor', dataIndex: 'hypervisor' }, { title: 'Format', dataIndex: 'format' }] : []),
    { title: 'Zone', dataIndex: 'zonename' },
    { title: 'Account', dataIndex: 'account' },
    { title: 'Status', key: 'status', render: (_, item) => <DownloadStatus item={item} /> },
  ];
  if (actions.length > 0) {
    columns.push({
      title: 'Actions',
      key: 'actions',
      render: (_, item) => (
        <Space size="small">
          {actions.map((action) => (
            <Button key={action.label} size="small" danger={action.danger} onClick={() => action.run(item)}>
              {action.label}
            </Button>
          ))}
        </Space>
      ),
    });
  }

  const close = () => setDialog(undefined);
  const closeAndReload = () => {
    setDialog(undefined);
    list.reload();
  };

  return (
    <>
      <Typography.Title level={2}>{kind.plural}</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <label htmlFor={`${kind.key}-filter`}>Filter</label>
        <Select
          id={`${kind.key}-filter`}
          value={filter}
          style={{ width: 160 }}
          options={imageFilters(admin)}
          onChange={(value: string) => {
            setFilter(value);
            list.setPage(1);
          }}
        />
        {apis.has(kind.register) && (
          <Button type="primary" onClick={() => setDialog({ type: 'register' })}>
            Register {kind.noun}
          </Button>
        )}
        {apis.has(kind.uploadParams) && <Button onClick={() => setDialog({ type: 'upload' })}>Upload from local</Button>}
      </Space>
      <ServerTable list={list} columns={columns} items={items} rowKey={rowKey} />
      <RegisterImage kind={kind} admin={admin} open={dialog?.type === 'register'} onClose={close} onRegistered={closeAndReload} />
      <RegisterImage kind={kind} admin={admin} upload open={dialog?.type === 'upload'} onClose={close} onRegistered={closeAndReload} />
      {dialog?.type === 'edit' && <EditImage kind={kind} item={dialog.item} onClose={close} onSaved={closeAndReload} />}
      {dialog?.type === 'permissions' && <ImagePermissions kind={kind} item={dialog.item} onClose={close} />}
    </>
  );
}
