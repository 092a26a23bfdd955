import { Checkbox, Form, InputNumber, Modal, Select } from 'antd';
import type { ApiObject, ApiParams } from '../../api/client.ts';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { gigabytes, offeringOptions, useDiskOfferings } from './diskOfferings.tsx';

interface ResizeForm {
  diskofferingid?: string;
  size?: number;
  shrinkok?: boolean;
}

// resizeVolume: to another disk offering, or to a size in GB (custom offerings and ROOT volumes); shrinking only
// when asked for, as the server refuses it otherwise.
export function ResizeVolume({ volume, onClose }: { volume: ApiObject; onClose: (resized: boolean) => void }) {
  const [form] = Form.useForm<ResizeForm>();
  const offerings = useDiskOfferings();
  const picked = Form.useWatch('diskofferingid', form) ?? (volume.diskofferingid as string | undefined);
  const sized = volume.type === 'ROOT' || offerings.isCustom(picked);
  const runJob = useJobRunner();

  async function submit(values: ResizeForm) {
    const params: ApiParams = { id: volume.id, ...values };
    const resized = await runJob(`Resize volume ${volume.name}`, 'resizeVolume', params, (r) => `Volume ${volume.name} is ${gigabytes(r.volume?.size)}`);
    if (resized !== undefined) onClose(true);
  }

  return (
    <Modal title={`Resize volume ${volume.name}`} open okText="Resize" onOk={() => form.submit()} onCancel={() => onClose(false)} destroyOnHidden>
      <p>Now {gigabytes(volume.size)}{volume.diskofferingname ? `, offering ${volume.diskofferingname}` : ''}.</p>
      <Form form={form} name="resize-volume" layout="vertical" onFinish={(v) => void submit(v)}>
        {volume.type !== 'ROOT' && (
          <Form.Item label="Disk offering" name="diskofferingid">
            <Select allowClear loading={offerings.loading} placeholder="Keep the current one" options={offeringOptions(offerings.items)} />
          </Form.Item>
        )}
        {sized && (
          <Form.Item label="New size (GB)" name="size" rules={[{ required: true, message: 'A size is needed' }]}>
            <InputNumber min={1} />
          </Form.Item>
        )}
        <Form.Item name="shrinkok" valuePropName="checked">
          <Checkbox>Allow shrinking (data beyond the new size is lost)</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
