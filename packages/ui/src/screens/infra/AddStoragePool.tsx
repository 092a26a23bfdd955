import { Form, Input, Radio, Select } from 'antd';
import { useJobRunner } from '../../components/useJobRunner.ts';
import { hypervisorOptions, ZonePodFields } from './Clusters.tsx';
import { EntitySelect, FormModal, required } from './common.tsx';

interface PoolForm {
  scope: 'CLUSTER' | 'ZONE';
  zoneid: string;
  podid?: string;
  clusterid?: string;
  hypervisor?: string;
  name: string;
  url: string;
}

// The pool's place: a cluster of a pod, or the whole zone for one hypervisor's hosts.
function ScopeFields() {
  const form = Form.useFormInstance();
  const scope = Form.useWatch('scope', form) as string | undefined;
  const podid = Form.useWatch('podid', form) as string | undefined;
  if (scope === 'ZONE') {
    return (
      <>
        <Form.Item name="zoneid" label="Zone" rules={required('A zone is needed')}>
          <EntitySelect command="listZones" itemKey="zone" />
        </Form.Item>
        <Form.Item name="hypervisor" label="Hypervisor" rules={required('A zone-wide pool serves the hosts of one hypervisor')}>
          <Select options={hypervisorOptions} />
        </Form.Item>
      </>
    );
  }
  return (
    <>
      <ZonePodFields />
      <Form.Item name="clusterid" label="Cluster" rules={required('A cluster is needed')}>
        <EntitySelect command="listClusters" itemKey="cluster" params={{ podid }} disabled={podid === undefined} />
      </Form.Item>
    </>
  );
}

// createStoragePool from a form.
export function AddStoragePool({ onClose }: { onClose: (changed: boolean) => void }) {
  const runJob = useJobRunner();
  async function add(v: PoolForm): Promise<boolean> {
    const result = await runJob(`Add primary storage ${v.name}`, 'createStoragePool', { ...v }, (r) => `Primary storage ${r.storagepool?.name ?? v.name} is ${r.storagepool?.state ?? 'added'}`);
    return result !== undefined;
  }
  return (
    <FormModal<PoolForm> title="Add primary storage" okText="Add" onSubmit={add} onClose={onClose} initialValues={{ scope: 'CLUSTER' }}>
      <Form.Item name="scope" label="Scope">
        <Radio.Group>
          <Radio value="CLUSTER">Cluster-wide</Radio>
          <Radio value="ZONE">Zone-wide</Radio>
        </Radio.Group>
      </Form.Item>
      <ScopeFields />
      <Form.Item name="name" label="Name" rules={required('A name is needed')}>
        <Input />
      </Form.Item>
      <Form.Item name="url" label="URL" rules={required('A URL is needed')} extra="nfs://<server>/<path> or sharedmountpoint://<path>">
        <Input />
      </Form.Item>
    </FormModal>
  );
}
