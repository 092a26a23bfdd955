import type { ColumnsType } from 'antd/es/table';
import type { ApiObject } from '../../api/client.ts';
import { AddServiceOffering } from './AddServiceOffering.tsx';
import { domainColumn, OfferingList } from './OfferingList.tsx';

const custom = (o: ApiObject, value: unknown, unit = '') => (o.iscustomized === true && value === undefined ? 'Custom' : `${String(value ?? '')}${unit}`);

const columns: ColumnsType<ApiObject> = [
  { title: 'Name', dataIndex: 'name' },
  { title: 'Description', dataIndex: 'displaytext' },
  { title: 'CPU cores', key: 'cpu', render: (_, o) => custom(o, o.cpunumber) },
  { title: 'CPU (MHz)', key: 'speed', render: (_, o) => custom(o, o.cpuspeed) },
  { title: 'Memory', key: 'memory', render: (_, o) => custom(o, o.memory, ' MB') },
  { title: 'Storage type', dataIndex: 'storagetype' },
  { title: 'Host tags', dataIndex: 'hosttags' },
  domainColumn,
];

// The compute (service) offerings: the CPU and memory VMs get.
export function ServiceOfferings({ apis }: { apis: ReadonlySet<string> }) {
  return (
    <OfferingList
      apis={apis}
      title="Compute offerings"
      noun="compute offering"
      list={{ command: 'listServiceOfferings', itemKey: 'serviceoffering' }}
      commands={{ create: 'createServiceOffering', update: 'updateServiceOffering', remove: 'deleteServiceOffering' }}
      columns={columns}
      AddForm={AddServiceOffering}
    />
  );
}
