import { Button, Form, Input, Radio, Space } from 'antd';
import { PortField } from './PortField.tsx';
import type { ColumnsType } from 'antd/es/table';
import type { ApiObject, ApiParams } from '../../api/client.ts';
import { ServerTable } from '../../components/ListPage.tsx';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { useServerList } from '../../components/useServerList.ts';
import { ConfirmRun } from '../../components/ConfirmRun.tsx';

export const protocolOptions = ['tcp', 'udp', 'icmp'].map((p) => ({ value: p, label: p.toUpperCase() }));

export interface PortRulesProps {
  // Firewall rules of a public IP, or egress rules of a network: the same fields, other commands.
  name: string;
  list: { command: string; params: ApiParams };
  create: string;
  remove: string;
  owner: ApiParams;
  apis: ReadonlySet<string>;
}

interface RuleForm {
  protocol: string;
  startport?: number;
  endport?: number;
  cidrlist?: string;
}

function ports(rule: ApiObject): string {
  if (rule.protocol === 'icmp') return '';
  if (rule.startport === undefined) return 'all';
  return rule.endport === undefined || rule.endport === rule.startport ? String(rule.startport) : `${rule.startport}-${rule.endport}`;
}

export function PortRules({ name, list: source, create, remove, owner, apis }: PortRulesProps) {
  const list = useServerList(source.command, 'firewallrule', source.params);
  const runJob = useJobRunner();
  const [form] = Form.useForm<RuleForm>();
  const protocol = Form.useWatch('protocol', form);

  async function add(values: RuleForm) {
    const params: ApiParams = { ...owner, protocol: values.protocol, cidrlist: values.cidrlist?.replace(/\s+/g, '') };
    if (values.protocol !== 'icmp') Object.assign(params, { startport: values.startport, endport: values.endport ?? values.startport });
    const created = await runJob(`Add ${name} rule`, create, params, () => `${name} rule added`);
    if (created !== undefined) form.resetFields();
    list.reload();
  }

  const columns: ColumnsType<ApiObject> = [
    { title: 'Protocol', dataIndex: 'protocol' },
    { title: 'Ports', key: 'ports', render: (_, rule) => ports(rule) },
    { title: 'CIDR list', dataIndex: 'cidrlist' },
    { title: 'State', dataIndex: 'state' },
  ];
  if (apis.has(remove)) {
    columns.push({
      title: 'Actions',
      key: 'actions',
      render: (_, rule) => (
        <ConfirmRun label="Delete" question={`Delete this ${name} rule (${rule.protocol} ${ports(rule)})?`} command={remove} params={{ id: rule.id }} done={`${name} rule deleted`} onDone={list.reload} />
      ),
    });
  }

  return (
    <>
      {apis.has(create) && (
        <Form form={form} name={`${name.toLowerCase()}-rule`} layout="inline" initialValues={{ protocol: 'tcp' }} onFinish={(v) => void add(v)} style={{ marginBottom: 16 }}>
          <Form.Item label="Protocol" name="protocol">
            <Radio.Group options={protocolOptions} />
          </Form.Item>
          {protocol !== 'icmp' && (
            <Space>
              <PortField label="Start port" name="startport" required />
              <PortField label="End port" name="endport" />
            </Space>
          )}
          <Form.Item label="CIDR list" name="cidrlist">
            <Input placeholder="0.0.0.0/0" style={{ width: 200 }} />
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
