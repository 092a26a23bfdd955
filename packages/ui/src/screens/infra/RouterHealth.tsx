import { Alert, Button, Modal, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/api.ts';
import type { ApiObject } from '../../api/client.ts';

// A router's health checks (getRouterHealthCheckResults): the last results, or fresh ones on request.
export function RouterHealth({ router, onClose }: { router: ApiObject; onClose: () => void }) {
  const [checks, setChecks] = useState<ApiObject[]>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [fresh, setFresh] = useState(0);

  useEffect(() => {
    let live = true;
    setLoading(true);
    api
      .call('getRouterHealthCheckResults', { routerid: router.id, performfreshchecks: fresh > 0 ? true : undefined })
      .then((answer) => {
        if (!live) return;
        setChecks((answer.routerhealthchecks?.healthchecks ?? answer.healthchecks ?? []) as ApiObject[]);
        setError(undefined);
      })
      .catch((err: Error) => live && setError(err.message))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [router.id, fresh]);

  return (
    <Modal open width={860} title={`Health checks of ${router.name}`} onCancel={onClose} footer={null}>
      <Button loading={loading} onClick={() => setFresh(fresh + 1)} style={{ marginBottom: 12 }}>
        Run checks now
      </Button>
      {error !== undefined && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Table<ApiObject>
        rowKey="checkname"
        size="small"
        loading={loading}
        pagination={false}
        dataSource={checks}
        columns={[
          { title: 'Check', dataIndex: 'checkname' },
          { title: 'Type', dataIndex: 'checktype' },
          { title: 'Result', dataIndex: 'success', render: (ok: boolean) => <Tag color={ok ? 'green' : 'red'}>{ok ? 'Passed' : 'Failed'}</Tag> },
          { title: 'Details', dataIndex: 'details' },
          { title: 'Checked', dataIndex: 'lastupdated', render: (at: string) => (at ? new Date(at).toLocaleString() : '') },
        ]}
      />
    </Modal>
  );
}
