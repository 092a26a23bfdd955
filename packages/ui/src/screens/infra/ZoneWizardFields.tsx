import { Form, Input, Radio } from 'antd';
import type { ReactNode } from 'react';
import type { Hypervisor, ZoneSetup } from './zoneSetup.ts';

type Field = keyof ZoneSetup;

const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const isIp = (v: string) => ipv4.test(v) && v.split('.').every((part) => Number(part) <= 255);
const ipRule = { validator: async (_: unknown, v?: string) => (v === undefined || v === '' || isIp(v) ? undefined : Promise.reject(new Error('Not an IPv4 address'))) };
const cidrRule = {
  validator: async (_: unknown, v?: string) => {
    const [ip, bits] = (v ?? '').split('/');
    return v === undefined || v === '' || (isIp(ip) && /^\d+$/.test(bits ?? '') && Number(bits) <= 32) ? undefined : Promise.reject(new Error('Not a CIDR such as 10.1.1.0/24'));
  },
};
const vlanRule = { pattern: /^\d+(-\d+)?(,\d+(-\d+)?)*$/, message: 'Ranges such as 100-199 or 100-199,300-310' };

function item(name: Field, label: string, input: ReactNode, rules: object[] = [], extra?: string) {
  return (
    <Form.Item key={name} name={name} label={label} rules={[{ required: true, message: `${label} is needed` }, ...rules]} extra={extra}>
      {input}
    </Form.Item>
  );
}

const text = (name: Field, label: string, rules: object[] = [], extra?: string) => item(name, label, <Input />, rules, extra);

export interface WizardStep {
  title: string;
  fields: Field[];
  render(hypervisor: Hypervisor): ReactNode;
}

// The form's pages: each names the fields it validates before Next.
export const wizardSteps: WizardStep[] = [
  {
    title: 'Zone',
    fields: ['hypervisor', 'name', 'dns1', 'internaldns1', 'guestcidraddress'],
    render: () => [
      item(
        'hypervisor',
        'Hypervisor',
        <Radio.Group>
          <Radio value="Simulator">Simulator</Radio>
          <Radio value="KVM">KVM</Radio>
        </Radio.Group>,
      ),
      text('name', 'Name'),
      text('dns1', 'DNS 1', [ipRule]),
      text('internaldns1', 'Internal DNS 1', [ipRule], 'The DNS server system VMs and hosts use'),
      text('guestcidraddress', 'Guest CIDR', [cidrRule]),
    ],
  },
  {
    title: 'Physical network',
    fields: ['isolationmethod', 'vlan'],
    render: () => [
      item(
        'isolationmethod',
        'Isolation method',
        <Radio.Group>
          <Radio value="VLAN">VLAN</Radio>
          <Radio value="VXLAN">VXLAN</Radio>
        </Radio.Group>,
      ),
      text('vlan', 'VLAN/VNI range', [vlanRule], 'The guest networks\' VLAN ids (VNIs with VXLAN), e.g. 100-199'),
    ],
  },
  {
    title: 'Public traffic',
    fields: ['publicgateway', 'publicnetmask', 'publicstartip', 'publicendip'],
    render: () => [text('publicgateway', 'Gateway', [ipRule]), text('publicnetmask', 'Netmask', [ipRule]), text('publicstartip', 'Start IP', [ipRule]), text('publicendip', 'End IP', [ipRule])],
  },
  {
    title: 'Pod',
    fields: ['podname', 'podgateway', 'podnetmask', 'podstartip', 'podendip'],
    render: () => [
      text('podname', 'Pod name'),
      text('podgateway', 'Reserved system gateway', [ipRule]),
      text('podnetmask', 'Reserved system netmask', [ipRule]),
      text('podstartip', 'Start reserved system IP', [ipRule]),
      text('podendip', 'End reserved system IP', [ipRule]),
    ],
  },
  {
    title: 'Cluster',
    fields: ['clustername'],
    render: () => [text('clustername', 'Cluster name')],
  },
  {
    title: 'Host',
    fields: ['hosturl', 'hostusername', 'hostpassword'],
    render: (hypervisor) =>
      hypervisor === 'KVM'
        ? [
            text('hosturl', 'Host name', [], 'The address of the host running nimbus agent, e.g. 192.168.56.21'),
            text('hostusername', 'Username', [], 'The username its agent was configured with'),
            item('hostpassword', 'Password', <Input.Password />),
          ]
        : [text('hosturl', 'Simulator host URL', [{ pattern: /^http:\/\/sim\/.+/, message: 'A simulator URL such as http://sim/c0/h0' }], 'cpunumber, cpuspeed (MHz) and memory (MiB) in the query set its figures')],
  },
  {
    title: 'Primary storage',
    fields: ['poolname', 'poolurl'],
    render: () => [text('poolname', 'Primary storage name'), text('poolurl', 'Primary storage URL', [], 'e.g. nfs://10.0.0.2/primary or sharedmountpoint:///var/lib/nimbus/pool')],
  },
  {
    title: 'Secondary storage',
    fields: ['storeurl'],
    render: () => [text('storeurl', 'Secondary storage URL', [], 'e.g. nfs://10.0.0.2/secondary')],
  },
];
