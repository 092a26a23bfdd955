import { Button, Space } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ApiObject } from '../../api/client.ts';
import { ServerTable } from '../../components/ListPage.tsx';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { useServerList } from '../../components/useServerList.ts';
import { href } from '../../router.tsx';
import { ConfirmRun } from '../../components/ConfirmRun.tsx';

// The public addresses of one network: acquire another, release one (never the source NAT address).
export function NetworkIps({ network, apis }: { network: ApiObject; apis: ReadonlySet<string> }) {
  const list = useServerList('listPublicIpAddresses', 'publicipaddress', { associatednetworkid: network.id, listall: true });
  const runJob = useJobRunner();

  async function acquire() {
    await runJob('Acquire IP address', 'associateIpAddress', { networkid: network.id }, (r) => `Acquired ${r.ipaddress?.ipaddress ?? 'an address'}`);
    list.reload();
  }

  const columns: ColumnsType<ApiObject> = [
    { title: 'IP address', key: 'ip', render: (_, ip) => <a href={href(`/publicips/${ip.id}`)}>{String(ip.ipaddress)}</a> },
    { title: 'State', dataIndex: 'state' },
    { title: 'Source NAT', dataIndex: 'issourcenat', render: (value: boolean) => (value ? 'Yes' : 'No') },
    { title: 'Static NAT', key: 'nat', render: (_, ip) => (ip.isstaticnat ? String(ip.virtualmachinename ?? 'Yes') : 'No') },
  ];
  if (apis.has('disassociateIpAddress')) {
    columns.push({
      title: 'Actions',
      key: 'actions',
      render: (_, ip) => (
        <ConfirmRun label="Release" question={`Release ${ip.ipaddress}?`} command="disassociateIpAddress" params={{ id: ip.id }} done={`Released ${ip.ipaddress}`} onDone={list.reload} disabled={Boolean(ip.issourcenat)} />
      ),
    });
  }

  return (
    <>
      {apis.has('associateIpAddress') && (
        <Space style={{ marginBottom: 16 }}>
          <Button type="primary" onClick={() => void acquire()}>
            Acquire new IP
          </Button>
        </Space>
      )}
      <ServerTable list={list} columns={columns} />
    </>
  );
}
