import { Alert, App, Button, Descriptions, Progress, Space, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api/api.ts';
import type { ApiObject } from '../api/client.ts';
import { callAsync } from '../api/jobs.ts';
import { href } from '../router.tsx';
import { userDataSummary, type Details } from './DeployDetails.tsx';
import { base64 } from './userdata/base64.ts';

export interface DeployParams extends Details {
  zoneid?: string;
  templateid?: string;
  /** templateid names an ISO: the disk offering is then the ROOT disk's. */
  iso: boolean;
  serviceofferingid?: string;
  diskofferingid: string;
  size?: number;
  networkid: string;
}

type Outcome =
  | { phase: 'ready' }
  | { phase: 'deploying'; percent: number }
  | { phase: 'done'; vm: ApiObject }
  | { phase: 'failed'; error: string };

// The user data choice as deployVirtualMachine takes it: base64 text (userdata) or a registered one (userdataid).
function userDataParams(params: DeployParams) {
  if (params.userdatachoice === 'text' && params.userdata !== '') return { userdata: base64(params.userdata) };
  if (params.userdatachoice === 'registered') return { userdataid: params.userdataid };
  return {};
}

export function DeployReview({ params, names }: { params: DeployParams; names: Record<string, string | undefined> }) {
  const [outcome, setOutcome] = useState<Outcome>({ phase: 'ready' });
  const { message } = App.useApp();

  async function deploy() {
    setOutcome({ phase: 'deploying', percent: 0 });
    try {
      const result = await callAsync(
        api,
        'deployVirtualMachine',
        {
          zoneid: params.zoneid,
          templateid: params.templateid,
          serviceofferingid: params.serviceofferingid,
          ...(params.diskofferingid !== '' && { diskofferingid: params.diskofferingid, size: params.size }),
          networkids: params.networkid,
          name: params.name.trim(),
          keypair: params.keypair,
          ...userDataParams(params),
        },
        { onProgress: (percent) => setOutcome({ phase: 'deploying', percent }) },
      );
      const vm = (result.virtualmachine ?? {}) as ApiObject;
      setOutcome({ phase: 'done', vm });
      message.success(`Deployed ${vm.name}`);
    } catch (err) {
      setOutcome({ phase: 'failed', error: (err as Error).message });
      message.error(`Deploy ${params.name}: ${(err as Error).message}`);
    }
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label="Zone">{names.zone}</Descriptions.Item>
        <Descriptions.Item label={params.iso ? 'ISO' : 'Template'}>{names.image}</Descriptions.Item>
        <Descriptions.Item label="Offering">{names.offering}</Descriptions.Item>
        <Descriptions.Item label={params.iso ? 'ROOT disk' : 'Data disk'}>{names.disk}</Descriptions.Item>
        <Descriptions.Item label="Network">{names.network}</Descriptions.Item>
        <Descriptions.Item label="Name">{params.name}</Descriptions.Item>
        <Descriptions.Item label="SSH key pair">{params.keypair || 'None'}</Descriptions.Item>
        <Descriptions.Item label="User data">{userDataSummary(params)}</Descriptions.Item>
      </Descriptions>
      <Button
        type="primary"
        onClick={() => void deploy()}
        disabled={outcome.phase === 'deploying' || outcome.phase === 'done'}
      >
        Deploy
      </Button>
      {outcome.phase === 'deploying' && (
        <>
          <Typography.Text>Deploying…</Typography.Text>
          <Progress percent={outcome.percent} status="active" />
        </>
      )}
      {outcome.phase === 'done' && (
        <Alert
          type="success"
          showIcon
          message={String(outcome.vm.state)}
          description={<a href={href(`/instances/${outcome.vm.id}`)}>{String(outcome.vm.name)}</a>}
        />
      )}
      {outcome.phase === 'failed' && <Alert type="error" showIcon message={outcome.error} />}
    </Space>
  );
}
