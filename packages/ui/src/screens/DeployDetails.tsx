import { Form, Input, Select } from 'antd';
import { useChoices } from '../components/ChoiceList.tsx';

export interface Details {
  name: string;
  keypair: string;
  userdata: string;
}

export function DeployDetails({ details, onChange }: { details: Details; onChange: (next: Details) => void }) {
  const keypairs = useChoices('listSSHKeyPairs', 'sshkeypair');
  return (
    <Form layout="vertical" name="deploy-details" style={{ maxWidth: 480 }}>
      <Form.Item label="Name" htmlFor="deploy-name" required>
        <Input id="deploy-name" value={details.name} onChange={(e) => onChange({ ...details, name: e.target.value })} />
      </Form.Item>
      <Form.Item label="SSH key pair" htmlFor="deploy-keypair">
        <Select
          id="deploy-keypair"
          allowClear
          placeholder="None"
          loading={keypairs.loading}
          value={details.keypair === '' ? undefined : details.keypair}
          options={keypairs.items.map((k) => ({ value: String(k.name), label: String(k.name) }))}
          onChange={(value?: string) => onChange({ ...details, keypair: value ?? '' })}
        />
      </Form.Item>
      <Form.Item label="User data" htmlFor="deploy-userdata">
        <Input.TextArea
          id="deploy-userdata"
          rows={4}
          value={details.userdata}
          onChange={(e) => onChange({ ...details, userdata: e.target.value })}
        />
      </Form.Item>
    </Form>
  );
}
