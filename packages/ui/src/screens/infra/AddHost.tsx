import { Form, Input } from 'antd';
import { useChoices } from '../../components/ChoiceList.tsx';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { ZonePodFields } from './Clusters.tsx';
import { EntitySelect, FormModal, required } from './common.tsx';

interface HostForm {
  zoneid: string;
  podid: string;
  clusterid: string;
  url: string;
  username?: string;
  password?: string;
}

// The cluster picker and the host's address and credentials, as the chosen cluster's hypervisor wants them.
function HostFields() {
  const form = Form.useFormInstance();
  const podid = Form.useWatch('podid', form) as string | undefined;
  const clusterid = Form.useWatch('clusterid', form) as string | undefined;
  const clusters = useChoices('listClusters', 'cluster', { podid });
  const hypervisor = clusters.items.find((c) => c.id === clusterid)?.hypervisortype as string | undefined;
  return (
    <>
      <Form.Item name="clusterid" label="Cluster" rules={required('A cluster is needed')}>
        <EntitySelect command="listClusters" itemKey="cluster" params={{ podid }} disabled={podid === undefined} />
      </Form.Item>
      {hypervisor === 'KVM' ? (
        <>
          <Form.Item name="url" label="Host name" rules={required('The host\'s address is needed')} extra="The address of the host running nimbus agent">
            <Input />
          </Form.Item>
          <Form.Item name="username" label="Username" rules={required('The agent\'s username is needed')}>
            <Input />
          </Form.Item>
          <Form.Item name="password" label="Password" rules={required('The agent\'s password is needed')}>
            <Input.Password />
          </Form.Item>
        </>
      ) : (
        <Form.Item name="url" label="Simulator host URL" rules={required('A simulator URL such as http://sim/c0/h1 is needed')} extra="cpunumber, cpuspeed (MHz) and memory (MiB) in the query set its figures">
          <Input />
        </Form.Item>
      )}
    </>
  );
}

// addHost from a form: the host joins the chosen cluster with the cluster's hypervisor.
export function AddHost({ onClose }: { onClose: (changed: boolean) => void }) {
  const runJob = useJobRunner();
  const { items: clusters } = useChoices('listClusters', 'cluster');
  async function add(v: HostForm): Promise<boolean> {
    const hypervisor = clusters.find((c) => c.id === v.clusterid)?.hypervisortype;
    const result = await runJob(`Add host ${v.url}`, 'addHost', { ...v, hypervisor }, (r) => `Host ${r.host?.[0]?.name ?? v.url} is ${r.host?.[0]?.state ?? 'added'}`);
    return result !== undefined;
  }
  return (
    <FormModal<HostForm> title="Add host" okText="Add" onSubmit={add} onClose={onClose}>
      <ZonePodFields />
      <HostFields />
    </FormModal>
  );
}
