import { Button, Form, Input, Modal, Radio, Space } from 'antd';
import { PortField } from './PortField.tsx';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { ApiObject } from '../../api/client.ts';
import { ServerTable } from '../../components/ListPage.tsx';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { useServerList } from '../../components/useServerList.ts';
import { ConfirmRun } from '../../components/ConfirmRun.tsx';
import { VmSelect, useNetworkVms } from './VmSelect.tsx';

interface BalancerForm {
  name: string;
  algorithm: string;
  publicport: number;
  privateport: number;
}

const algorithms = ['roundrobin', 'leastconn', 'source'].map((a) => ({ value: a, label: a }));

// Load balancer rules of one public IP; instances of its network are assigned to a rule after it exists.
export function LoadBalancing({ ip, apis }: { ip: ApiObject; apis: ReadonlySet<string> }) {
  const list = useServerList('listLoadBalancerRules', 'loadbalancerrule', { publicipid: ip.id, listall: true });
  const vms = useNetworkVms(String(ip.associatednetworkid));
  const runJob = useJobRunner();
  const [form] = Form.useForm<BalancerForm>();
  const [assigning, setAssigning] = useState<ApiObject>();
  const [chosen, setChosen] = useState<string[]>([]);

  async function add(v: BalancerForm) {
    // openfirewall=false, as CloudStack's UI sends: the Firewall tab holds the rules that let traffic in.
    const created = await runJob(`Add load balancer ${v.name}`, 'createLoadBalancerRule', { ...v, publicipid: ip.id, openfirewall: false }, () => `Load balancer ${v.name} added`);
    if (created !== undefined) form.resetFields();
    list.reload();
  }

  async function assign() {
    const rule = assigning as ApiObject;
    setAssigning(undefined);
    await runJob(`Assign instances to ${rule.name}`, 'assignToLoadBalancerRule', { id: rule.id, virtualmachineids: chosen.join(',') }, () => `Instances assigned to ${rule.name}`);
    list.reload();
  }

  const columns: ColumnsType<ApiObject> = [
    { title: 'Name', dataIndex: 'name' },
    { title: 'Algorithm', dataIndex: 'algorithm' },
    { title: 'Public port', dataIndex: 'publicport' },
    { title: 'Private port', dataIndex: 'privateport' },
    { title: 'State', dataIndex: 'state' },
    {
      title: 'Actions',
      key: 'actions',
      render: (_, r) => (
        <Space size="small">
          {apis.has('assignToLoadBalancerRule') && (
            <Button
              size="small"
              onClick={() => {
                setChosen([]);
                setAssigning(r);
              }}
            >
              Assign instances
            </Button>
          )}
          {apis.has('deleteLoadBalancerRule') && (
            <ConfirmRun label="Delete" question={`Delete load balancer ${r.name}?`} command="deleteLoadBalancerRule" params={{ id: r.id }} done={`Load balancer ${r.name} deleted`} onDone={list.reload} />
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      {apis.has('createLoadBalancerRule') && (
        <Form form={form} name="load-balancer" layout="inline" initialValues={{ algorithm: 'roundrobin' }} onFinish={(v) => void add(v)} style={{ marginBottom: 16, rowGap: 8 }}>
          <Form.Item label="Name" name="name" rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item label="Algorithm" name="algorithm">
            <Radio.Group options={algorithms} />
          </Form.Item>
          <PortField label="Public port" name="publicport" required />
          <PortField label="Private port" name="privateport" required />
          <Button type="primary" htmlType="submit">
            Add load balancer
          </Button>
        </Form>
      )}
      <ServerTable list={list} columns={columns} />
      <Modal title={`Assign instances to ${assigning?.name ?? ''}`} open={assigning !== undefined} okText="Assign" okButtonProps={{ disabled: chosen.length === 0 }} onOk={() => void assign()} onCancel={() => setAssigning(undefined)}>
        <Space>
          <label htmlFor="lb-assign-vms">Instances</label>
          <VmSelect id="lb-assign-vms" vms={vms} multiple value={chosen} onChange={(v) => setChosen(v as string[])} />
        </Space>
      </Modal>
    </>
  );
}
