import type { ApiObject } from '../api/client.ts';
import { ListPage } from '../components/ListPage.tsx';
import { href } from '../router.tsx';
import { PublicIpDetail } from './network/PublicIpDetail.tsx';

// The public addresses the caller may see, or one of them (#/publicips/<id>).
export function PublicIps({ id, apis }: { id?: string; apis: ReadonlySet<string> }) {
  if (id !== undefined) return <PublicIpDetail id={id} apis={apis} />;
  return (
    <ListPage
      title="Public IPs"
      command="listPublicIpAddresses"
      params={{ listall: true }}
      itemKey="publicipaddress"
      columns={[
        { title: 'IP address', key: 'ip', render: (_, ip: ApiObject) => <a href={href(`/publicips/${ip.id}`)}>{String(ip.ipaddress)}</a> },
        { title: 'State', dataIndex: 'state' },
        { title: 'Source NAT', dataIndex: 'issourcenat', render: (value: boolean) => (value ? 'Yes' : 'No') },
        { title: 'Network', dataIndex: 'associatednetworkname' },
        { title: 'Instance', dataIndex: 'virtualmachinename' },
        { title: 'Zone', dataIndex: 'zonename' },
      ]}
    />
  );
}
