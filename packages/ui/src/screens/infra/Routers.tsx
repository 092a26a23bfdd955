import { Button, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { ApiObject } from '../../api/client.ts';
import { ServerTable } from '../../components/ListPage.tsx';
import { ListSearch } from '../../components/ListSearch.tsx';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { useServerList } from '../../components/useServerList.ts';
import { href } from '../../router.tsx';
import { ConfirmRun } from '../../components/ConfirmRun.tsx';
import { StateTag } from './common.tsx';
import { RouterHealth } from './RouterHealth.tsx';

// The virtual routers of every account's networks: Start, Stop, Reboot, Destroy and their health checks.
export function Routers({ apis }: { apis: ReadonlySet<string> }) {
  const [keyword, setKeyword] = useState('');
  const list = useServerList('listRouters', 'router', { listall: true, keyword });
  const [health, setHealth] = useState<ApiObject>();
  const runJob = useJobRunner();

  async function power(router: ApiObject, command: string, verb: string) {
    await runJob(`${verb} router ${router.name}`, command, { id: router.id }, (r) => `Router ${router.name} is ${r.router?.state ?? 'done'}`);
    list.reload();
  }

  const columns: ColumnsType<ApiObject> = [
    { title: 'Name', dataIndex: 'name' },
    { title: 'State', dataIndex: 'state', render: (s: string) => <StateTag state={s} /> },
    { title: 'Network', key: 'network', render: (_, r) => <a href={href(`/networks/${r.guestnetworkid}`)}>{String(r.guestnetworkname ?? r.guestnetworkid)}</a> },
    { title: 'Public IP', dataIndex: 'publicip' },
    { title: 'Host', key: 'host', render: (_, r) => <a href={href(`/hosts/${r.hostid}`)}>{String(r.hostname ?? '')}</a> },
    { title: 'Account', dataIndex: 'account' },
    { title: 'Zone', dataIndex: 'zonename' },
    { title: 'Health', dataIndex: 'healthchecksfailed', render: (failed: boolean) => <Tag color={failed ? 'red' : 'green'}>{failed ? 'Checks failed' : 'Healthy'}</Tag> },
    {
      title: 'Actions',
      key: 'actions',
      render: (_, r) => {
        const running = r.state === 'Running';
        return (
          <Space size="small" wrap>
            {apis.has('startRouter') && !running && (
              <Button size="small" onClick={() => void power(r, 'startRouter', 'Start')}>
                Start
              </Button>
            )}
            {apis.has('stopRouter') && running && (
              <Button size="small" onClick={() => void power(r, 'stopRouter', 'Stop')}>
                Stop
              </Button>
            )}
            {apis.has('rebootRouter') && running && (
              <Button size="small" onClick={() => void power(r, 'rebootRouter', 'Reboot')}>
                Reboot
              </Button>
            )}
            {apis.has('getRouterHealthCheckResults') && (
              <Button size="small" onClick={() => setHealth(r)}>
                Health checks
              </Button>
            )}
            {apis.has('destroyRouter') && <ConfirmRun label="Destroy" question={`Destroy router ${r.name}? Its network's services stop until the network is restarted.`} command="destroyRouter" params={{ id: r.id }} done={`Router ${r.name} destroyed`} onDone={list.reload} />}
          </Space>
        );
      },
    },
  ];
  return (
    <>
      <Typography.Title level={2}>Virtual routers</Typography.Title>
      <div style={{ marginBottom: 16 }}>
        <ListSearch list={list} onKeyword={setKeyword} />
      </div>
      <ServerTable list={list} columns={columns} />
      {health !== undefined && <RouterHealth router={health} onClose={() => setHealth(undefined)} />}
    </>
  );
}
