import { Alert, Button, Descriptions, Form, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/api.ts';
import { href } from '../../router.tsx';
import { wizardSteps } from './ZoneWizardFields.tsx';
import { runSetup, setupSteps, type Progress, type ZoneSetup } from './zoneSetup.ts';

const defaults: Partial<ZoneSetup> = { hypervisor: 'Simulator', isolationmethod: 'VLAN', guestcidraddress: '10.1.1.0/24' };

// Add zone: a page per part of the zone, then a review whose Launch runs the setup and shows each step's progress.
export function ZoneWizard() {
  const [form] = Form.useForm<ZoneSetup>();
  const [page, setPage] = useState(0);
  const [progress, setProgress] = useState<Progress>();
  const [running, setRunning] = useState(false);
  const hypervisor = Form.useWatch('hypervisor', { form, preserve: true }) ?? 'Simulator';
  const reviewing = page === wizardSteps.length;

  async function next() {
    await form.validateFields(wizardSteps[page].fields);
    setPage(page + 1);
  }

  async function launch() {
    setRunning(true);
    await runSetup(api, form.getFieldsValue(true) as ZoneSetup, progress ?? { step: 0, done: [], created: {} }, setProgress);
    setRunning(false);
  }

  const values = form.getFieldsValue(true) as ZoneSetup;
  const finished = progress?.step === setupSteps.length;
  return (
    <>
      <Typography.Title level={2}>Add zone</Typography.Title>
      <Steps size="small" labelPlacement="vertical" current={page} items={[...wizardSteps.map((s) => ({ title: s.title })), { title: 'Launch' }]} style={{ marginBottom: 24 }} />
      <Form form={form} layout="vertical" initialValues={defaults} style={{ maxWidth: 560 }} disabled={running || finished}>
        {!reviewing && wizardSteps[page].render(hypervisor)}
      </Form>
      {reviewing && progress === undefined && (
        <Descriptions bordered size="small" column={1} style={{ maxWidth: 720, marginBottom: 16 }}>
          <Descriptions.Item label="Zone">{`${values.name} (${values.hypervisor}, DNS ${values.dns1}, guest CIDR ${values.guestcidraddress})`}</Descriptions.Item>
          <Descriptions.Item label="Physical network">{`${values.isolationmethod} ${values.vlan}`}</Descriptions.Item>
          <Descriptions.Item label="Public IP range">{`${values.publicstartip} - ${values.publicendip} via ${values.publicgateway}`}</Descriptions.Item>
          <Descriptions.Item label="Pod">{`${values.podname}: ${values.podstartip} - ${values.podendip}`}</Descriptions.Item>
          <Descriptions.Item label="Cluster">{values.clustername}</Descriptions.Item>
          <Descriptions.Item label="Host">{values.hosturl}</Descriptions.Item>
          <Descriptions.Item label="Primary storage">{`${values.poolname}: ${values.poolurl}`}</Descriptions.Item>
          <Descriptions.Item label="Secondary storage">{values.storeurl}</Descriptions.Item>
        </Descriptions>
      )}
      {reviewing && progress !== undefined && <SetupProgress progress={progress} running={running} zoneName={values.name} />}
      <Space>
        {page > 0 && !running && !finished && <Button onClick={() => setPage(page - 1)}>Back</Button>}
        {!reviewing && (
          <Button type="primary" onClick={() => void next().catch(() => undefined)}>
            Next
          </Button>
        )}
        {reviewing && !running && !finished && (
          <Button type="primary" onClick={() => void launch()}>
            {progress === undefined ? 'Launch zone' : `Retry from ${setupSteps[progress.step].title}`}
          </Button>
        )}
      </Space>
    </>
  );
}

// Each setup step: done (with what it made), running, failed (with CloudStack's errortext) or waiting.
function SetupProgress({ progress, running, zoneName }: { progress: Progress; running: boolean; zoneName: string }) {
  const finished = progress.step === setupSteps.length;
  const made = progress.done.filter((d) => d !== undefined);
  return (
    <div aria-label="Zone setup" style={{ maxWidth: 720, marginBottom: 16 }}>
      <Steps
        direction="vertical"
        size="small"
        current={progress.step}
        status={progress.error !== undefined ? 'error' : running ? 'process' : 'finish'}
        items={setupSteps.map((s, i) => ({
          title: s.title,
          description: i === progress.step && progress.error !== undefined ? progress.error : progress.done[i],
        }))}
      />
      {progress.error !== undefined && !running && (
        <Alert
          type="error"
          showIcon
          message={`${setupSteps[progress.step].title} failed: ${progress.error}`}
          description={made.length > 0 ? `What was created stays: ${made.join('; ')}. Fix the cause (Back changes the step's values) and retry from this step, or delete them.` : 'Nothing was created.'}
        />
      )}
      {finished && (
        <Alert
          type="success"
          showIcon
          message={
            <>
              Zone <a href={href(`/zones/${progress.created.zoneid}`)}>{zoneName}</a> is ready and Enabled
            </>
          }
        />
      )}
    </div>
  );
}
