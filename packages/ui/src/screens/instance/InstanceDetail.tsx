import { Alert, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { href } from '../../router.tsx';
import { InstanceActions } from './InstanceActions.tsx';
import { InstanceEvents, InstanceNics, InstanceVolumes } from './InstanceLists.tsx';
import { InstanceOverview } from './InstanceOverview.tsx';
import { useVm } from './useVm.ts';
import { stateColors } from './vmStates.ts';
import { VmSnapshots } from './VmSnapshots.tsx';

// #/instances/<id>: one VM, its actions, and tabs for what belongs to it.
export function InstanceDetail({ id, apis }: { id: string; apis: ReadonlySet<string> }) {
  const { vm, loading, error, reload } = useVm(id);
  const back = (
    <div>
      <a href={href('/instances')}>All instances</a>
    </div>
  );
  if (vm === undefined) {
    return (
      <>
        {back}
        {loading ? <Spin /> : <Alert type="error" showIcon message={error} style={{ marginTop: 16 }} />}
      </>
    );
  }
  const state = String(vm.state);
  const tabs = [
    { key: 'overview', label: 'Overview', children: <InstanceOverview vm={vm} /> },
    { key: 'nics', label: 'NICs', needs: 'listNics', children: <InstanceNics vmId={id} /> },
    { key: 'volumes', label: 'Volumes', needs: 'listVolumes', children: <InstanceVolumes vmId={id} /> },
    { key: 'snapshots', label: 'Snapshots', needs: 'listVMSnapshot', children: <VmSnapshots vm={vm} apis={apis} onVmChanged={reload} /> },
    { key: 'events', label: 'Events', needs: 'listEvents', children: <InstanceEvents vmId={id} /> },
  ];
  return (
    <>
      {back}
      <Space align="center" style={{ margin: '8px 0 16px' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {String(vm.displayname ?? vm.name)}
        </Typography.Title>
        <Tag color={stateColors[state] ?? 'blue'}>{state}</Tag>
      </Space>
      {error !== undefined && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <div style={{ marginBottom: 16 }}>
        <InstanceActions vm={vm} apis={apis} onChanged={reload} />
      </div>
      <Tabs destroyInactiveTabPane items={tabs.filter((tab) => tab.needs === undefined || apis.has(tab.needs))} />
    </>
  );
}
