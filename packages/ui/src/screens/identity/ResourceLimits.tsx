import { Alert, Button, Form, InputNumber, Modal, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { api } from '../../api/api.ts';
import type { ApiObject } from '../../api/client.ts';
import { useJobRunner } from '../../components/useJobRunner.ts';

// Whose limits: an account (its name and domain) or a domain (its id alone).
export interface LimitOwner {
  account?: string;
  domainid: string;
}

const shownMax = (max: unknown) => (Number(max) < 0 ? 'Unlimited' : String(max));

// The resource limits in force for an account or a domain (set, inherited or the default), each changed with
// updateResourceLimit; -1 is unlimited, as in CloudStack. Not paged: there are twelve resource types.
export function ResourceLimits({ owner, apis }: { owner: LimitOwner; apis: ReadonlySet<string> }) {
  const [limits, setLimits] = useState<ApiObject[]>();
  const [error, setError] = useState<string>();
  const [tick, setTick] = useState(0);
  const [editing, setEditing] = useState<ApiObject>();
  const [form] = Form.useForm<{ max: number }>();
  const runJob = useJobRunner();
  const { account, domainid } = owner;

  useEffect(() => {
    let live = true;
    api
      .call('listResourceLimits', { account, domainid })
      .then((answer) => live && setLimits((answer.resourcelimit ?? []) as ApiObject[]))
      .catch((err: Error) => live && setError(err.message));
    return () => {
      live = false;
    };
  }, [account, domainid, tick]);

  async function save({ max }: { max: number }) {
    const limit = editing as ApiObject;
    const done = await runJob(`Limit of ${limit.resourcetypename}`, 'updateResourceLimit', { account, domainid, resourcetype: limit.resourcetype, max }, () => `Limit of ${limit.resourcetypename}: ${shownMax(max)}`);
    if (done === undefined) return;
    setEditing(undefined);
    setTick((t) => t + 1);
  }

  const columns: ColumnsType<ApiObject> = [
    { title: 'Resource', dataIndex: 'resourcetypename' },
    { title: 'Limit', key: 'max', render: (_, l) => shownMax(l.max) },
    {
      title: 'Actions',
      key: 'actions',
      render: (_, l) =>
        apis.has('updateResourceLimit') && (
          <Button size="small" onClick={() => setEditing(l)}>
            Edit
          </Button>
        ),
    },
  ];

  return (
    <>
      {error !== undefined && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Table<ApiObject> rowKey="resourcetype" size="small" columns={columns} dataSource={limits} loading={limits === undefined && error === undefined} pagination={false} />
      {editing !== undefined && (
        <Modal open title={`Limit of ${editing.resourcetypename}`} okText="Save" onOk={() => form.submit()} onCancel={() => setEditing(undefined)} destroyOnHidden>
          <Form form={form} layout="vertical" initialValues={{ max: Number(editing.max) }} onFinish={(v) => void save(v)}>
            <Form.Item label="Maximum (-1 for unlimited)" name="max" rules={[{ required: true, message: 'A number is needed' }]}>
              <InputNumber min={-1} precision={0} />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </>
  );
}
