import { Button, Form, Radio } from 'antd';
import { PortField } from './PortField.tsx';
import type { ColumnsType } from 'antd/es/table';
import type { ApiObject } from '../../api/client.ts';
import { ServerTable } from '../../components/ListPage.tsx';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { useServerList } from '../../components/useServerList.ts';
import { ConfirmRun } from '../../components/ConfirmRun.tsx';
import { VmSelect, useNetworkVms } from './VmSelect.tsx';

interface ForwardForm {
  protocol: string;
  publicport: number;
  publicendport?: number;
  privateport: number;
  privateendport?: number;
  virtualmachineid: string;
}

const range = (start: unknown, end: unknown) => (end === undefined || end === start ? String(start) : `${start}-${end}`);

// Port forwarding rules of one public IP to the instances of its network.
export function PortForwarding({ ip, apis }: { ip: ApiObject; apis: ReadonlySet<string> }) {
  const list = useServerList('listPortForwardingRules', 'portforwardingrule', { ipaddressid: ip.id, listall: true });
  const vms = useNetworkVms(String(ip.associatednetworkid));
  const runJob = useJobRunner();
  const [form] = Form.useForm<ForwardForm>();

  async function add(v: ForwardForm) {
    // openfirewall=false, as CloudStack's UI sends: the Firewall tab holds the rules that let traffic in.
    const params = { ...v, ipaddressid: ip.id, openfirewall: false, publicendport: v.publicendport ?? v.publicport, privateendport: v.privateendport ?? v.privateport };
    const created = await runJob('Add port forwarding rule', 'createPortForwardingRule', params, () => 'Port forwarding rule added');
    if (created !== undefined) form.resetFields();
    list.reload();
  }

  const columns: ColumnsType<ApiObject> = [
    { title: 'Protocol', dataIndex: 'protocol' },
    { title: 'Public port', key: 'public', render: (_, r) => range(r.publicport, r.publicendport) },
    { title: 'Private port', key: 'private', render: (_, r) => range(r.privateport, r.privateendport) },
    { title: 'Instance', key: 'vm', render: (_, r) => String(r.virtualmachinedisplayname ?? r.virtualmachinename ?? '') },
    { title: 'State', dataIndex: 'state' },
  ];
  if (apis.has('deletePortForwardingRule')) {
    columns.push({
      title: 'Actions',
      key: 'actions',
      render: (_, r) => (
        <ConfirmRun label="Delete" question={`Delete the forward of ${r.protocol} ${range(r.publicport, r.publicendport)}?`} command="deletePortForwardingRule" params={{ id: r.id }} done="Port forwarding rule deleted" onDone={list.reload} />
      ),
    });
  }

  return (
    <>
      {apis.has('createPortForwardingRule') && (
        <Form form={form} name="port-forward" layout="inline" initialValues={{ protocol: 'tcp' }} onFinish={(v) => void add(v)} style={{ marginBottom: 16, rowGap: 8 }}>
          <Form.Item label="Protocol" name="protocol">
            <Radio.Group options={[{ value: 'tcp', label: 'TCP' }, { value: 'udp', label: 'UDP' }]} />
          </Form.Item>
          <PortField label="Public port" name="publicport" required />
          <PortField label="Public end port" name="publicendport" />
          <PortField label="Private port" name="privateport" required />
          <PortField label="Private end port" name="privateendport" />
          <Form.Item label="Instance" name="virtualmachineid" rules={[{ required: true }]}>
            <VmSelect vms={vms} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            Add rule
          </Button>
        </Form>
      )}
      <ServerTable list={list} columns={columns} />
    </>
  );
}
