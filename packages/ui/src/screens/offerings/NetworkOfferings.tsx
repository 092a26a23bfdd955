import { Button } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ApiObject } from '../../api/client.ts';
import { useJobRunner } from '../../components/useJobRunner.ts';
import type { ServerList } from '../../components/useServerList.ts';
import { AddNetworkOffering } from './AddNetworkOffering.tsx';
import { domainColumn, OfferingList } from './OfferingList.tsx';

const columns: ColumnsType<ApiObject> = [
  { title: 'Name', dataIndex: 'name' },
  { title: 'Description', dataIndex: 'displaytext' },
  { title: 'Guest IP type', dataIndex: 'guestiptype' },
  { title: 'State', dataIndex: 'state' },
  { title: 'Services', key: 'services', render: (_, o) => ((o.service ?? []) as ApiObject[]).map((s) => String(s.name)).join(', ') },
  { title: 'Default', dataIndex: 'isdefault', render: (isDefault: boolean) => (isDefault ? 'Yes' : 'No') },
  domainColumn,
];

// The network offerings: what guest networks are made of; Enable / Disable decides whether new networks may use one.
export function NetworkOfferings({ apis }: { apis: ReadonlySet<string> }) {
  const runJob = useJobRunner();

  function toggle(o: ApiObject, list: ServerList) {
    const state = o.state === 'Enabled' ? 'Disabled' : 'Enabled';
    const verb = state === 'Enabled' ? 'Enable' : 'Disable';
    return (
      <Button size="small" onClick={() => void runJob(`${verb} ${o.name}`, 'updateNetworkOffering', { id: o.id, state }, () => `${o.name} is ${state}`).then(list.reload)}>
        {verb}
      </Button>
    );
  }

  return (
    <OfferingList
      apis={apis}
      title="Network offerings"
      noun="network offering"
      list={{ command: 'listNetworkOfferings', itemKey: 'networkoffering' }}
      commands={{ create: 'createNetworkOffering', update: 'updateNetworkOffering', remove: 'deleteNetworkOffering' }}
      columns={columns}
      AddForm={AddNetworkOffering}
      actions={(o, list) => apis.has('updateNetworkOffering') && toggle(o, list)}
    />
  );
}
