import { App, Button, Checkbox, Space } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ApiObject } from '../../api/client.ts';
import { ServerTable } from '../../components/ListPage.tsx';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { useServerList } from '../../components/useServerList.ts';

export interface VmSnapshotsProps {
  vm: ApiObject;
  apis: ReadonlySet<string>;
  // A revert changes the VM (its state, its disks): the page shows it again.
  onVmChanged: () => void;
}

// The VM's VM snapshots (listVMSnapshot), with Take, Revert and Delete as the role allows.
export function VmSnapshots({ vm, apis, onVmChanged }: VmSnapshotsProps) {
  const list = useServerList('listVMSnapshot', 'vmSnapshot', { virtualmachineid: vm.id, listall: true });
  const runJob = useJobRunner();
  const { modal } = App.useApp();

  function take() {
    let memory = false;
    modal.confirm({
      title: `Take a VM snapshot of ${vm.name}?`,
      content: vm.state === 'Running' && <Checkbox onChange={(e) => (memory = e.target.checked)}>Include memory</Checkbox>,
      okText: 'Take',
      onOk: async () => {
        await runJob(`VM snapshot of ${vm.name}`, 'createVMSnapshot', { virtualmachineid: vm.id, snapshotmemory: memory }, (r) => `VM snapshot ${r.vmsnapshot?.displayname ?? r.vmsnapshot?.name ?? ''} is ${r.vmsnapshot?.state ?? 'taken'}`);
        list.reload();
      },
    });
  }

  function act(snapshot: ApiObject, label: string, command: string) {
    const name = String(snapshot.displayname ?? snapshot.name);
    modal.confirm({
      title: `${label} VM snapshot ${name}?`,
      okText: 'OK',
      okButtonProps: { danger: true },
      onOk: async () => {
        await runJob(`${label} ${name}`, command, { vmsnapshotid: snapshot.id }, () => `${label} ${name}: done`);
        list.reload();
        onVmChanged();
      },
    });
  }

  const columns: ColumnsType<ApiObject> = [
    { title: 'Name', key: 'name', render: (_, s) => String(s.displayname ?? s.name) },
    { title: 'State', dataIndex: 'state' },
    { title: 'Type', dataIndex: 'type' },
    { title: 'Current', dataIndex: 'current', render: (value: boolean) => (value ? 'Yes' : 'No') },
    { title: 'Created', dataIndex: 'created', render: (created: string) => (created ? new Date(created).toLocaleString() : '') },
    {
      title: 'Actions',
      key: 'actions',
      render: (_, s) => (
        <Space size="small">
          {apis.has('revertToVMSnapshot') && (
            <Button size="small" onClick={() => act(s, 'Revert to', 'revertToVMSnapshot')}>
              Revert
            </Button>
          )}
          {apis.has('deleteVMSnapshot') && (
            <Button size="small" danger onClick={() => act(s, 'Delete', 'deleteVMSnapshot')}>
              Delete
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      {apis.has('createVMSnapshot') && (
        <Button style={{ marginBottom: 16 }} disabled={!['Running', 'Stopped'].includes(String(vm.state))} onClick={take}>
          Take VM snapshot
        </Button>
      )}
      <ServerTable list={list} columns={columns} />
    </>
  );
}
