import { Alert, App, Button, Checkbox, Form, Input, Modal, Progress, Select, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/api.ts';
import type { ApiObject } from '../../api/client.ts';
import { useChoices, type Choices } from '../../components/ChoiceList.tsx';
import { useJobRunner } from '../../components/useJobRunner.ts';
import type { ImageKind } from './kinds.ts';
import { postFile } from './postFile.ts';

const formats = ['QCOW2', 'RAW', 'VHD', 'VHDX', 'OVA', 'VMDK', 'TAR', 'ZIP'];
const allZones = '-1';

interface Values {
  name: string;
  displaytext: string;
  url?: string;
  file?: UploadFile[];
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

// registerTemplate / registerIso from a URL, or with `upload` CloudStack's "Upload from local": getUploadParamsFor*
// then the file POSTed from the browser with its progress shown. The list then follows the image to Ready
// (onRegistered reloads it).
export function RegisterImage({ kind, admin, upload, open, onClose, onRegistered }: {
  kind: ImageKind;
  admin: boolean;
  upload?: boolean;
  open: boolean;
  onClose: () => void;
  onRegistered: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<number | undefined>();
  const runJob = useJobRunner();
  const { message } = App.useApp();
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

  async function sendFile(values: Values) {
    const { file, ...fields } = values;
    const chosen = file?.[0]?.originFileObj;
    if (!chosen) return;
    setBusy(true);
    setSent(0);
    try {
      const answer = await api.call(kind.uploadParams, { ...fields, format: template ? 'QCOW2' : 'ISO' });
      await postFile(answer.getuploadparams as ApiObject, chosen, setSent);
      void message.success(`${kind.label} ${values.name} uploaded`);
      form.resetFields();
      onRegistered();
    } catch (err) {
      void message.error((err as Error).message);
    } finally {
      setBusy(false);
      setSent(undefined);
    }
  }

  async function submit(values: Values) {
    if (upload) return sendFile(values);
    const { file: _none, ...fields } = values;
    setBusy(true);
    const result = await runJob(`Register ${kind.noun} ${values.name}`, kind.register, fields, () =>
      `${kind.label} ${values.name} registered: downloading`,
    );
    setBusy(false);
    if (result === undefined) return;
    form.resetFields();
    onRegistered();
  }

  return (
    <Modal
      title={upload ? `Upload ${kind.noun} from local` : `Register ${kind.noun}`}
      open={open}
      okText={upload ? 'Upload' : 'Register'}
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
        {upload ? (
          <Form.Item
            name="file"
            label="File"
            valuePropName="fileList"
            getValueFromEvent={(event: { fileList: UploadFile[] }) => event.fileList.slice(-1)}
            rules={[{ required: true, message: 'Choose the file to upload' }]}
          >
            <Upload beforeUpload={() => false} maxCount={1} accept={template ? '.qcow2,.img' : '.iso'}>
              <Button>Select file</Button>
            </Upload>
          </Form.Item>
        ) : (
          <Form.Item name="url" label="URL" rules={[{ required: true }, { type: 'url' }]}>
            <Input placeholder="http://" />
          </Form.Item>
        )}
        <Form.Item name="zoneid" label="Zone" rules={[{ required: true }]}>
          <Select
            loading={zones.loading}
            options={[...(upload ? [] : [{ value: allZones, label: 'All zones' }]), ...options(zones, (z) => String(z.name), (z) => String(z.id))]}
          />
        </Form.Item>
        {template && (
          <>
            <Form.Item name="hypervisor" label="Hypervisor" rules={[{ required: true }]}>
              <Select loading={hypervisors.loading} options={options(hypervisors, (h) => String(h.name), (h) => String(h.name))} />
            </Form.Item>
            {!upload && (
              <Form.Item name="format" label="Format" rules={[{ required: true }]}>
                <Select options={formats.map((f) => ({ value: f, label: f }))} />
              </Form.Item>
            )}
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
      {sent !== undefined && <Progress percent={sent} status="active" aria-label="Upload progress" />}
      {choiceErrors !== '' && <Alert type="error" showIcon message={choiceErrors} />}
    </Modal>
  );
}
