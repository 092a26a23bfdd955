import { App, Button, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { ApiObject } from '../../api/client.ts';
import { ServerTable } from '../../components/ListPage.tsx';
import { useDownload } from '../../components/useDownload.tsx';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { useServerList } from '../../components/useServerList.ts';
import { href } from '../../router.tsx';
import { ConfirmRun } from '../../components/ConfirmRun.tsx';
import { AttachVolume } from './AttachVolume.tsx';
import { CreateVolume } from './CreateVolume.tsx';
import { gigabytes } from './diskOfferings.tsx';
import { ResizeVolume } from './ResizeVolume.tsx';
import { ListSearch } from '../../components/ListSearch.tsx';

type Dialog = { kind: 'attach' | 'resize'; volume: ApiObject } | undefined;

// The caller's volumes (listall: an admin's include the tenants'), with the actions its role may call. Download
// (extractVolume) is offered for a volume that is detached or whose VM is stopped, as CloudStack requires.
export function Volumes({ apis }: { apis: ReadonlySet<string> }) {
  const [keyword, setKeyword] = useState('');
  const list = useServerList('listVolumes', 'volume', { keyword, listall: true });
  const [creating, setCreating] = useState(false);
  const [dialog, setDialog] = useState<Dialog>();
  const runJob = useJobRunner();
  const download = useDownload();
  const { modal } = App.useApp();

  async function detach(volume: ApiObject) {
    await runJob(`Detach volume ${volume.name}`, 'detachVolume', { id: volume.id }, () => `Volume ${volume.name} is detached`);
    list.reload();
  }

  function snapshot(volume: ApiObject) {
    modal.confirm({
      title: `Take a snapshot of volume ${volume.name}?`,
      okText: 'Take',
      onOk: async () => {
        await runJob(`Snapshot of ${volume.name}`, 'createSnapshot', { volumeid: volume.id }, (r) => `Snapshot ${r.snapshot?.name ?? ''} is ${r.snapshot?.state ?? 'taken'}`);
        list.reload();
      },
    });
  }

  const columns: ColumnsType<ApiObject> = [
    { title: 'Name', dataIndex: 'name' },
    { title: 'Type', dataIndex: 'type' },
    { title: 'State', dataIndex: 'state' },
    { title: 'Size', dataIndex: 'size', render: gigabytes },
    { title: 'Instance', key: 'vm', render: (_, v) => v.virtualmachineid !== undefined && <a href={href(`/instances/${v.virtualmachineid}`)}>{String(v.vmdisplayname ?? v.vmname)}</a> },
    { title: 'Zone', dataIndex: 'zonename' },
    { title: 'Attached', dataIndex: 'attached', render: (at: string) => (at ? new Date(at).toLocaleString() : '') },
    {
      title: 'Actions',
      key: 'actions',
      render: (_, v) => {
        const attached = v.virtualmachineid !== undefined;
        const data = v.type === 'DATADISK';
        return (
          <Space size="small" wrap>
            {apis.has('attachVolume') && data && !attached && (
              <Button size="small" onClick={() => setDialog({ kind: 'attach', volume: v })}>
                Attach
              </Button>
            )}
            {apis.has('detachVolume') && data && attached && (
              <Button size="small" onClick={() => void detach(v)}>
                Detach
              </Button>
            )}
            {apis.has('resizeVolume') && (
              <Button size="small" disabled={v.state !== 'Ready'} onClick={() => setDialog({ kind: 'resize', volume: v })}>
                Resize
              </Button>
            )}
            {apis.has('createSnapshot') && (
              <Button size="small" disabled={v.state !== 'Ready'} onClick={() => snapshot(v)}>
                Take snapshot
              </Button>
            )}
            {apis.has('extractVolume') && (
              <Button size="small" disabled={v.state !== 'Ready' || (attached && v.vmstate !== 'Stopped')} onClick={() => void download('extractVolume', v, { zoneid: String(v.zoneid) })}>
                Download
              </Button>
            )}
            {apis.has('deleteVolume') && data && (
              <ConfirmRun label="Delete" question={`Delete volume ${v.name}?`} command="deleteVolume" params={{ id: v.id }} done={`Volume ${v.name} deleted`} onDone={list.reload} disabled={attached} />
            )}
          </Space>
        );
      },
    },
  ];

  const closed = (changed: boolean) => {
    setDialog(undefined);
    setCreating(false);
    if (changed) list.reload();
  };

  return (
    <>
      <Typography.Title level={2}>Volumes</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <ListSearch list={list} onKeyword={setKeyword} />
        {apis.has('createVolume') && (
          <Button type="primary" onClick={() => setCreating(true)}>
            Create volume
          </Button>
        )}
      </Space>
      <ServerTable list={list} columns={columns} />
      <CreateVolume open={creating} onClose={closed} />
      {dialog?.kind === 'attach' && <AttachVolume volume={dialog.volume} onClose={closed} />}
      {dialog?.kind === 'resize' && <ResizeVolume volume={dialog.volume} onClose={closed} />}
    </>
  );
}
