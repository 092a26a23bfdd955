import { Checkbox, Form, Modal, Radio } from 'antd';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { OfferingScope, scopeParams, type ScopeFields } from './OfferingScope.tsx';
import { NameFields } from './OfferingFields.tsx';

interface NetworkOfferingForm extends ScopeFields {
  name: string;
  displaytext: string;
  guestiptype: 'Isolated' | 'Shared' | 'L2';
  supportedservices: string[];
  enable: boolean;
}

// The services a guest network offers, each from its default provider (the virtual router, or security groups):
// createNetworkOffering picks the provider when serviceproviderlist names none.
const services: Record<NetworkOfferingForm['guestiptype'], string[]> = {
  Isolated: ['Dhcp', 'Dns', 'UserData', 'SourceNat', 'StaticNat', 'PortForwarding', 'Firewall', 'Lb', 'Vpn', 'Gateway'],
  Shared: ['Dhcp', 'Dns', 'UserData', 'SecurityGroup'],
  L2: [],
};

export function AddNetworkOffering({ onClose }: { onClose: (created: boolean) => void }) {
  const [form] = Form.useForm<NetworkOfferingForm>();
  const guestType = Form.useWatch('guestiptype', form) ?? 'Isolated';
  const runJob = useJobRunner();

  async function submit({ scope, domainids, supportedservices, ...rest }: NetworkOfferingForm) {
    const chosen = (supportedservices ?? []).filter((s) => services[rest.guestiptype].includes(s));
    const created = await runJob(
      `Add network offering ${rest.name}`,
      'createNetworkOffering',
      { ...rest, traffictype: 'Guest', supportedservices: chosen.join(','), ...scopeParams({ scope, domainids }) },
      (r) => `Network offering ${r.networkoffering?.name ?? rest.name} added`,
    );
    if (created !== undefined) onClose(true);
  }

  return (
    <Modal title="Add network offering" open okText="Add" onOk={() => form.submit()} onCancel={() => onClose(false)} destroyOnHidden>
      <Form
        form={form}
        name="add-network-offering"
        layout="vertical"
        initialValues={{ guestiptype: 'Isolated', supportedservices: ['Dhcp', 'Dns', 'UserData', 'SourceNat', 'StaticNat', 'PortForwarding', 'Firewall'], enable: true }}
        onFinish={(v) => void submit(v)}
      >
        <NameFields />
        <Form.Item label="Guest type" name="guestiptype">
          <Radio.Group options={Object.keys(services)} />
        </Form.Item>
        {guestType !== 'L2' && (
          <Form.Item label="Supported services" name="supportedservices">
            <Checkbox.Group options={services[guestType]} />
          </Form.Item>
        )}
        <Form.Item name="enable" valuePropName="checked">
          <Checkbox>Enabled</Checkbox>
        </Form.Item>
        <OfferingScope />
      </Form>
    </Modal>
  );
}
