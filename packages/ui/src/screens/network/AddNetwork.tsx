import { Alert, Form, Input, Modal, Select } from 'antd';
import type { ApiParams } from '../../api/client.ts';
import { useChoices } from '../../components/ChoiceList.tsx';
import { useJobRunner } from '../../components/useJobRunner.ts';

interface NetworkForm {
  name: string;
  displaytext?: string;
  zoneid: string;
  networkofferingid: string;
  gateway?: string;
  netmask?: string;
}

const options = (items: { id?: unknown; name?: unknown }[]) => items.map((i) => ({ value: String(i.id), label: String(i.name) }));

// createNetwork from a form: an isolated network on an enabled offering, with an optional gateway and netmask.
export function AddNetwork({ open, onClose }: { open: boolean; onClose: (created: boolean) => void }) {
  const [form] = Form.useForm<NetworkForm>();
  const zoneid = Form.useWatch('zoneid', form);
  const zones = useChoices('listZones', 'zone', { available: true });
  const offerings = useChoices('listNetworkOfferings', 'networkoffering', { guestiptype: 'Isolated', state: 'Enabled', zoneid });
  const runJob = useJobRunner();

  async function submit(values: NetworkForm) {
    const params: ApiParams = { ...values, displaytext: values.displaytext || values.name };
    const created = await runJob(`Create network ${values.name}`, 'createNetwork', params, (r) => `Network ${r.network?.name ?? values.name} created`);
    if (created === undefined) return;
    form.resetFields();
    onClose(true);
  }

  return (
    <Modal title="Add network" open={open} okText="Create" onOk={() => form.submit()} onCancel={() => onClose(false)} destroyOnHidden>
      <Form form={form} name="add-network" layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item label="Name" name="name" rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item label="Display text" name="displaytext">
          <Input />
        </Form.Item>
        <Form.Item label="Zone" name="zoneid" rules={[{ required: true }]}>
          <Select loading={zones.loading} options={options(zones.items)} />
        </Form.Item>
        <Form.Item label="Network offering" name="networkofferingid" rules={[{ required: true }]}>
          <Select loading={offerings.loading} options={options(offerings.items)} />
        </Form.Item>
        <Form.Item label="Gateway" name="gateway">
          <Input placeholder="e.g. 10.1.2.1" />
        </Form.Item>
        <Form.Item label="Netmask" name="netmask">
          <Input placeholder="e.g. 255.255.255.0" />
        </Form.Item>
      </Form>
      {(zones.error ?? offerings.error) !== undefined && <Alert type="error" showIcon message={zones.error ?? offerings.error} />}
    </Modal>
  );
}
