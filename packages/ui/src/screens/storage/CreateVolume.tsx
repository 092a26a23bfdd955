import { Alert, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { ApiParams } from '../../api/client.ts';
import { useChoices } from '../../components/ChoiceList.tsx';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { offeringOptions, useDiskOfferings } from './diskOfferings.tsx';

interface VolumeForm {
  name: string;
  zoneid: string;
  diskofferingid: string;
  size?: number;
}

// createVolume from a form: a data disk of a disk offering, its size in GB when the offering is custom.
export function CreateVolume({ open, onClose }: { open: boolean; onClose: (created: boolean) => void }) {
  const [form] = Form.useForm<VolumeForm>();
  const zones = useChoices('listZones', 'zone', { available: true });
  const offerings = useDiskOfferings();
  const custom = offerings.isCustom(Form.useWatch('diskofferingid', form));
  const runJob = useJobRunner();

  async function submit(values: VolumeForm) {
    const params: ApiParams = { ...values };
    const created = await runJob(`Create volume ${values.name}`, 'createVolume', params, (r) => `Volume ${r.volume?.name ?? values.name} is ${r.volume?.state ?? 'created'}`);
    if (created === undefined) return;
    form.resetFields();
    onClose(true);
  }

  return (
    <Modal title="Create volume" open={open} okText="Create" onOk={() => form.submit()} onCancel={() => onClose(false)} destroyOnHidden>
      <Form form={form} name="create-volume" layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item label="Name" name="name" rules={[{ required: true, message: 'A name is needed' }]}>
          <Input />
        </Form.Item>
        <Form.Item label="Zone" name="zoneid" rules={[{ required: true, message: 'A zone is needed' }]}>
          <Select loading={zones.loading} options={zones.items.map((z) => ({ value: String(z.id), label: String(z.name) }))} />
        </Form.Item>
        <Form.Item label="Disk offering" name="diskofferingid" rules={[{ required: true, message: 'A disk offering is needed' }]}>
          <Select loading={offerings.loading} options={offeringOptions(offerings.items)} />
        </Form.Item>
        {custom && (
          <Form.Item label="Size (GB)" name="size" rules={[{ required: true, message: 'A custom offering needs a size' }]}>
            <InputNumber min={1} />
          </Form.Item>
        )}
      </Form>
      {(zones.error ?? offerings.error) !== undefined && <Alert type="error" showIcon message={zones.error ?? offerings.error} />}
    </Modal>
  );
}
