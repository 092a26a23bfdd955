import { Alert, Form, Input, Modal, Select } from 'antd';
import type { ApiObject } from '../../api/client.ts';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { gigabytes, offeringOptions, useDiskOfferings } from './diskOfferings.tsx';

interface Values {
  name: string;
  diskofferingid?: string;
}

// createVolume snapshotid=: a data disk holding the snapshot's content, of its size, in its zone; the disk offering
// is the snapshot volume's unless another is chosen.
export function VolumeFromSnapshot({ snapshot, onClose }: { snapshot: ApiObject; onClose: (created: boolean) => void }) {
  const [form] = Form.useForm<Values>();
  const offerings = useDiskOfferings();
  const runJob = useJobRunner();

  async function submit(values: Values) {
    const created = await runJob(`Create volume ${values.name} from snapshot ${String(snapshot.name)}`, 'createVolume', { ...values, snapshotid: String(snapshot.id) }, (r) =>
      `Volume ${r.volume?.name ?? values.name} is ${r.volume?.state ?? 'created'}`,
    );
    if (created === undefined) return;
    onClose(true);
  }

  return (
    <Modal title={`Create volume from snapshot ${String(snapshot.name)}`} open okText="Create" onOk={() => form.submit()} onCancel={() => onClose(false)} destroyOnHidden>
      <p>
        The volume takes the snapshot&apos;s content and size ({gigabytes(snapshot.virtualsize)}) in zone {String(snapshot.zonename ?? '')}.
      </p>
      <Form form={form} name="volume-from-snapshot" layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item label="Name" name="name" rules={[{ required: true, message: 'A name is needed' }]}>
          <Input />
        </Form.Item>
        <Form.Item label="Disk offering" name="diskofferingid" extra="Optional: the snapshot's volume's offering by default">
          <Select allowClear loading={offerings.loading} options={offeringOptions(offerings.items)} />
        </Form.Item>
      </Form>
      {offerings.error !== undefined && <Alert type="error" showIcon message={offerings.error} />}
    </Modal>
  );
}
