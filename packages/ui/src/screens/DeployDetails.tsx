import { Form, Input, Radio, Select } from 'antd';
import { useChoices } from '../components/ChoiceList.tsx';

export type UserDataChoice = 'none' | 'text' | 'registered';

export interface Details {
  name: string;
  keypair: string;
  userdata: string;
  // Optional so the wizard's first state need not name them: no choice is 'none'.
  userdatachoice?: UserDataChoice;
  userdataid?: string;
  userdataname?: string;
}

export function DeployDetails({ details, onChange }: { details: Details; onChange: (next: Details) => void }) {
  const keypairs = useChoices('listSSHKeyPairs', 'sshkeypair');
  const registered = useChoices('listUserData', 'userdata');
  const choice = details.userdatachoice ?? 'none';
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
      <Form.Item label="User data">
        <Radio.Group
          value={choice}
          onChange={(e) => onChange({ ...details, userdatachoice: e.target.value as UserDataChoice })}
          options={[
            { value: 'none', label: 'None' },
            { value: 'text', label: 'Text' },
            { value: 'registered', label: 'Registered' },
          ]}
        />
      </Form.Item>
      {choice === 'text' && (
        <Form.Item label="User data text" htmlFor="deploy-userdata">
          <Input.TextArea id="deploy-userdata" rows={4} value={details.userdata} onChange={(e) => onChange({ ...details, userdata: e.target.value })} />
        </Form.Item>
      )}
      {choice === 'registered' && (
        <Form.Item label="Registered user data" htmlFor="deploy-userdataid">
          <Select
            id="deploy-userdataid"
            loading={registered.loading}
            value={details.userdataid}
            options={registered.items.map((u) => ({ value: String(u.id), label: String(u.name) }))}
            onChange={(id: string) => onChange({ ...details, userdataid: id, userdataname: String(registered.items.find((u) => u.id === id)?.name ?? '') })}
          />
        </Form.Item>
      )}
    </Form>
  );
}

// The review's line for the user data choice.
export function userDataSummary(details: Details): string {
  switch (details.userdatachoice ?? 'none') {
    case 'text':
      return details.userdata === '' ? 'None' : `Text (${details.userdata.length} characters)`;
    case 'registered':
      return details.userdataid === undefined ? 'None' : `Registered: ${details.userdataname ?? details.userdataid}`;
    default:
      return 'None';
  }
}
