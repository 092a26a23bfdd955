import { Checkbox, Form, Input, InputNumber, Modal } from 'antd';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { OfferingScope, scopeParams, type ScopeFields } from './OfferingScope.tsx';
import { NameFields, StorageTypeField } from './OfferingFields.tsx';

interface ServiceOfferingForm extends ScopeFields {
  name: string;
  displaytext: string;
  customized: boolean;
  cpunumber?: number;
  cpuspeed?: number;
  memory?: number;
  storagetype: 'shared' | 'local';
  hosttags?: string;
  offerha: boolean;
}

// createServiceOffering from CloudStack's "Add compute offering" form: fixed CPU and memory, or chosen at deploy.
export function AddServiceOffering({ onClose }: { onClose: (created: boolean) => void }) {
  const [form] = Form.useForm<ServiceOfferingForm>();
  const custom = Form.useWatch('customized', form) === true;
  const runJob = useJobRunner();

  async function submit({ scope, domainids, customized, cpunumber, cpuspeed, memory, ...rest }: ServiceOfferingForm) {
    const sizes = customized ? { customized: true } : { cpunumber, cpuspeed, memory };
    const created = await runJob(
      `Add compute offering ${rest.name}`,
      'createServiceOffering',
      { ...rest, ...sizes, ...scopeParams({ scope, domainids }) },
      (r) => `Compute offering ${r.serviceoffering?.name ?? rest.name} added`,
    );
    if (created !== undefined) onClose(true);
  }

  const needed = (what: string) => [{ required: !custom, message: `${what} is needed` }];
  return (
    <Modal title="Add compute offering" open okText="Add" onOk={() => form.submit()} onCancel={() => onClose(false)} destroyOnHidden>
      <Form form={form} name="add-service-offering" layout="vertical" initialValues={{ customized: false, storagetype: 'shared', offerha: false }} onFinish={(v) => void submit(v)}>
        <NameFields />
        <Form.Item name="customized" valuePropName="checked">
          <Checkbox>Custom (CPU and memory chosen at deploy)</Checkbox>
        </Form.Item>
        {!custom && (
          <>
            <Form.Item label="CPU cores" name="cpunumber" rules={needed('The number of cores')}>
              <InputNumber min={1} />
            </Form.Item>
            <Form.Item label="CPU (in MHz)" name="cpuspeed" rules={needed('The CPU speed')}>
              <InputNumber min={1} />
            </Form.Item>
            <Form.Item label="Memory (in MB)" name="memory" rules={needed('The memory')}>
              <InputNumber min={32} />
            </Form.Item>
          </>
        )}
        <StorageTypeField />
        <Form.Item label="Host tags" name="hosttags">
          <Input />
        </Form.Item>
        <Form.Item name="offerha" valuePropName="checked">
          <Checkbox>Offer HA</Checkbox>
        </Form.Item>
        <OfferingScope />
      </Form>
    </Modal>
  );
}
