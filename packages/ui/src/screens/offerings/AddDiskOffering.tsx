import { Checkbox, Form, Input, InputNumber, Modal } from 'antd';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { OfferingScope, scopeParams, type ScopeFields } from './OfferingScope.tsx';
import { NameFields, StorageTypeField } from './OfferingFields.tsx';

interface DiskOfferingForm extends ScopeFields {
  name: string;
  displaytext: string;
  customized: boolean;
  disksize?: number;
  storagetype: 'shared' | 'local';
  tags?: string;
}

// createDiskOffering from CloudStack's "Add disk offering" form: a size in GB, or one chosen per volume (custom).
export function AddDiskOffering({ onClose }: { onClose: (created: boolean) => void }) {
  const [form] = Form.useForm<DiskOfferingForm>();
  const custom = Form.useWatch('customized', form) === true;
  const runJob = useJobRunner();

  async function submit({ scope, domainids, customized, disksize, ...rest }: DiskOfferingForm) {
    const size = customized ? { customized: true } : { disksize };
    const created = await runJob(
      `Add disk offering ${rest.name}`,
      'createDiskOffering',
      { ...rest, ...size, ...scopeParams({ scope, domainids }) },
      (r) => `Disk offering ${r.diskoffering?.name ?? rest.name} added`,
    );
    if (created !== undefined) onClose(true);
  }

  return (
    <Modal title="Add disk offering" open okText="Add" onOk={() => form.submit()} onCancel={() => onClose(false)} destroyOnHidden>
      <Form form={form} name="add-disk-offering" layout="vertical" initialValues={{ customized: false, storagetype: 'shared' }} onFinish={(v) => void submit(v)}>
        <NameFields />
        <Form.Item name="customized" valuePropName="checked">
          <Checkbox>Custom disk size (chosen per volume)</Checkbox>
        </Form.Item>
        {!custom && (
          <Form.Item label="Disk size (GB)" name="disksize" rules={[{ required: true, message: 'A disk size is needed' }]}>
            <InputNumber min={1} />
          </Form.Item>
        )}
        <StorageTypeField />
        <Form.Item label="Storage tags" name="tags">
          <Input />
        </Form.Item>
        <OfferingScope />
      </Form>
    </Modal>
  );
}
