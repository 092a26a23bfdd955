import { Alert, Checkbox, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/api.ts';
import type { ApiObject } from '../../api/client.ts';
import { useChoices, type Choices } from '../../components/ChoiceList.tsx';
import { useJobRunner } from '../../components/useJobRunner.ts';
import type { ImageKind } from './kinds.ts';

const formats = ['QCOW2', 'RAW', 'VHD', 'VHDX', 'OVA', 'VMDK', 'TAR', 'ZIP'];
const allZones = '-1';

interface Values {
  name: string;
  displaytext: string;
  url: string;
  zoneid: string;
  hypervisor?: string;
  format?: string;
  ostypeid?: string;
  ispublic?: boolean;
  isfeatured?: boolean;
  passwordenabled?: boolean;
  bootable?: boolean;
}

const options = (choices: Choices, label: (item: ApiObject) => string, value: (item: ApiObject) => string) =>
  choices.items.map((item) => ({ value: value(item), label: label(item) }));

// Whether a tenant may make its images public (allow.public.user.templates, as listCapabilities tells).
function usePublicAllowed(admin: boolean): boolean {
  const [allowed, setAllowed] = useState(admin);
  useEffect(() => {
    if (admin) return;
    let live = true;
    api
      .call('listCapabilities')
      .then((answer) => live && setAllowed(answer.capability?.userpublictemplateenabled === true))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [admin]);
  return allowed;
}

// registerTemplate / registerIso from a URL; the list then follows the download (onRegistered reloads it).
export function RegisterImage({ kind, admin, open, onClose, onRegistered }: {
  kind: ImageKind;
  admin: boolean;
  open: boolean;
  onClose: () => void;
  onRegistered: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const runJob = useJobRunner();
  const zones = useChoices('listZones', 'zone', { available: true });
  const zoneid = Form.useWatch('zoneid', form);
  const hypervisors = useChoices('listHypervisors', 'hypervisor', { zoneid: zoneid === allZones ? undefined : zoneid });
  const osTypes = useChoices('listOsTypes', 'ostype');
  const publicAllowed = usePublicAllowed(admin);
  const template = kind.key === 'template';
  const choiceErrors = [zones, hypervisors, osTypes].map((c) => c.error).filter(Boolean).join('; ');

  useEffect(() => {
    if (zoneid === undefined && zones.items.length > 0) form.setFieldValue('zoneid', String(zones.items[0].id));
  }, [zoneid, zones.items, form]);
  useEffect(() => {
    const names = hypervisors.items.map((h) => String(h.name));
    if (names.length > 0 && !names.includes(form.getFieldValue('hypervisor'))) form.setFieldValue('hypervisor', names[0]);
  }, [hypervisors.items, form]);

  async function submit(values: Values) {
    setBusy(true);
    const result = await runJob(`Register ${kind.noun} ${values.name}`, kind.register, { ...values }, () =>
      `${kind.label} ${values.name} registered: downloading`,
    );
    setBusy(false);
    if (result === undefined) return;
    form.resetFields();
    onRegistered();
  }

  return (
    <Modal
      title={`Register ${kind.noun}`}
      open={open}
      okText="Register"
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" onFinish={(values) => void submit(values)} initialValues={{ format: 'QCOW2', bootable: true }}>
        <Form.Item name="name" label="Name" rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="displaytext" label="Description" rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="url" label="URL" rules={[{ required: true }, { type: 'url' }]}>
          <Input placeholder="http://" />
        </Form.Item>
        <Form.Item name="zoneid" label="Zone" rules={[{ required: true }]}>
          <Select
            loading={zones.loading}
            options={[{ value: allZones, label: 'All zones' }, ...options(zones, (z) => String(z.name), (z) => String(z.id))]}
          />
        </Form.Item>
        {template && (
          <>
            <Form.Item name="hypervisor" label="Hypervisor" rules={[{ required: true }]}>
              <Select loading={hypervisors.loading} options={options(hypervisors, (h) => String(h.name), (h) => String(h.name))} />
            </Form.Item>
            <Form.Item name="format" label="Format" rules={[{ required: true }]}>
              <Select options={formats.map((f) => ({ value: f, label: f }))} />
            </Form.Item>
          </>
        )}
        <Form.Item name="ostypeid" label="OS type">
          <Select
            showSearch
            allowClear
            optionFilterProp="label"
            loading={osTypes.loading}
            options={options(osTypes, (o) => String(o.description), (o) => String(o.id))}
          />
        </Form.Item>
        {!template && (
          <Form.Item name="bootable" valuePropName="checked">
            <Checkbox>Bootable</Checkbox>
          </Form.Item>
        )}
        {template && (
          <Form.Item name="passwordenabled" valuePropName="checked">
            <Checkbox>Password enabled</Checkbox>
          </Form.Item>
        )}
        {publicAllowed && (
          <Form.Item name="ispublic" valuePropName="checked">
            <Checkbox>Public</Checkbox>
          </Form.Item>
        )}
        {admin && (
          <Form.Item name="isfeatured" valuePropName="checked">
            <Checkbox>Featured</Checkbox>
          </Form.Item>
        )}
      </Form>
      {choiceErrors !== '' && <Alert type="error" showIcon message={choiceErrors} />}
    </Modal>
  );
}
