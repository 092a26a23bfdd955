import { Alert, Card, Col, List, Progress, Row, Statistic, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api/api.ts';
import type { ApiObject } from '../api/client.ts';
import { isAdmin } from '../nav.ts';

interface Overview {
  running?: number;
  stopped?: number;
  capacity: ApiObject[];
  events: ApiObject[];
  /** Undefined when the role may not list alerts (they are the admins'). */
  alerts?: ApiObject[];
  error?: string;
}

async function countVms(state: string): Promise<number> {
  const answer = await api.call('listVirtualMachines', { state, listall: true, page: 1, pagesize: 1 });
  return Number(answer.count ?? 0);
}

async function loadOverview(apis: ReadonlySet<string>): Promise<Overview> {
  const vms = apis.has('listVirtualMachines');
  const [running, stopped, capacity, events, alerts] = await Promise.all([
    vms ? countVms('Running') : undefined,
    vms ? countVms('Stopped') : undefined,
    isAdmin(apis) && apis.has('listCapacity') ? api.call('listCapacity').then((a) => a.capacity ?? []) : [],
    apis.has('listEvents') ? api.call('listEvents', { listall: true, page: 1, pagesize: 10 }).then((a) => a.event ?? []) : [],
    apis.has('listAlerts') ? api.call('listAlerts', { page: 1, pagesize: 10 }).then((a) => (a.alert ?? []) as ApiObject[]) : undefined,
  ]);
  return { running, stopped, capacity, events, alerts };
}

function byZone(capacity: ApiObject[]): Map<string, ApiObject[]> {
  const zones = new Map<string, ApiObject[]>();
  for (const entry of capacity) {
    const name = String(entry.zonename ?? entry.zoneid);
    zones.set(name, [...(zones.get(name) ?? []), entry]);
  }
  return zones;
}

export function Dashboard({ apis }: { apis: ReadonlySet<string> }) {
  const [overview, setOverview] = useState<Overview>({ capacity: [], events: [] });
  useEffect(() => {
    let live = true;
    loadOverview(apis)
      .then((next) => live && setOverview(next))
      .catch((err: Error) => live && setOverview({ capacity: [], events: [], error: err.message }));
    return () => {
      live = false;
    };
  }, [apis]);

  return (
    <>
      <Typography.Title level={2}>Dashboard</Typography.Title>
      {overview.error !== undefined && <Alert type="error" showIcon message={overview.error} />}
      <Row gutter={16}>
        <Col span={6}>
          <Card>
            <Statistic title="Running instances" value={overview.running ?? '–'} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title="Stopped instances" value={overview.stopped ?? '–'} />
          </Card>
        </Col>
      </Row>
      {overview.capacity.length > 0 && (
        <Typography.Title level={4} style={{ marginTop: 24 }}>
          Capacity per zone
        </Typography.Title>
      )}
      {[...byZone(overview.capacity)].map(([zone, entries]) => (
        <Card key={zone} title={zone} style={{ marginBottom: 16 }}>
          <Row gutter={[16, 16]}>
            {entries.map((entry) => (
              <Col span={6} key={String(entry.type)}>
                <Typography.Text>{String(entry.name)}</Typography.Text>
                <Progress percent={Number(entry.percentused)} size="small" />
              </Col>
            ))}
          </Row>
        </Card>
      ))}
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col span={overview.alerts === undefined ? 24 : 12}>
          <Card title="Recent events">
            <List
              size="small"
              dataSource={overview.events}
              renderItem={(event) => (
                <List.Item>
                  <List.Item.Meta title={`${event.type} (${event.level})`} description={event.description} />
                  <Typography.Text type="secondary">{event.created}</Typography.Text>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        {overview.alerts !== undefined && (
          <Col span={12}>
            <Card title="Recent alerts">
              <List
                size="small"
                dataSource={overview.alerts}
                renderItem={(alert) => (
                  <List.Item>
                    <List.Item.Meta title={String(alert.name ?? alert.type)} description={alert.description} />
                    <Typography.Text type="secondary">{alert.sent}</Typography.Text>
                  </List.Item>
                )}
              />
            </Card>
          </Col>
        )}
      </Row>
    </>
  );
}
