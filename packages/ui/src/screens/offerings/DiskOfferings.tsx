import type { ColumnsType } from 'antd/es/table';
import type { ApiObject } from '../../api/client.ts';
import { AddDiskOffering } from './AddDiskOffering.tsx';
import { domainColumn, OfferingList } from './OfferingList.tsx';

const columns: ColumnsType<ApiObject> = [
  { title: 'Name', dataIndex: 'name' },
  { title: 'Description', dataIndex: 'displaytext' },
  { title: 'Disk size', key: 'size', render: (_, o) => (o.iscustomized === true ? 'Custom' : `${Number(o.disksize)} GB`) },
  { title: 'Storage type', dataIndex: 'storagetype' },
  { title: 'Storage tags', dataIndex: 'tags' },
  domainColumn,
];

// The disk offerings: the sizes data disks come in.
export function DiskOfferings({ apis }: { apis: ReadonlySet<string> }) {
  return (
    <OfferingList
      apis={apis}
      title="Disk offerings"
      noun="disk offering"
      list={{ command: 'listDiskOfferings', itemKey: 'diskoffering' }}
      commands={{ create: 'createDiskOffering', update: 'updateDiskOffering', remove: 'deleteDiskOffering' }}
      columns={columns}
      AddForm={AddDiskOffering}
    />
  );
}
