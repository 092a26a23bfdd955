import { Button, Card, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import { ChoiceList, useChoices } from '../components/ChoiceList.tsx';
import { navigate } from '../router.tsx';
import { DeployDetails, type Details } from './DeployDetails.tsx';
import { DeployReview } from './DeployReview.tsx';

const steps = ['Zone', 'Template', 'Offering', 'Network', 'Details', 'Review'];

export interface DeployChoice {
  zoneid?: string;
  templateid?: string;
  serviceofferingid?: string;
  // '' means none: CloudStack then creates an isolated network for the account.
  networkid?: string;
}

export function DeployWizard() {
  const [step, setStep] = useState(0);
  const [choice, setChoice] = useState<DeployChoice>({});
  const [details, setDetails] = useState<Details>({ name: '', keypair: '', userdata: '' });
  const zones = useChoices('listZones', 'zone', { available: true });
  const templates = useChoices('listTemplates', 'template', { templatefilter: 'executable', zoneid: choice.zoneid });
  const offerings = useChoices('listServiceOfferings', 'serviceoffering');
  const networks = useChoices('listNetworks', 'network', { zoneid: choice.zoneid, canusefordeploy: true });
  // Until the user picks, an account with networks deploys into its first one, one without gets a new one.
  const networkid = choice.networkid ?? String(networks.items[0]?.id ?? '');
  const pick = (field: keyof DeployChoice) => (id: string) => setChoice({ ...choice, [field]: id });
  // Templates and networks are per zone: another zone's choice would not deploy.
  const pickZone = (zoneid: string) => setChoice({ zoneid, serviceofferingid: choice.serviceofferingid });

  const ready = [
    choice.zoneid !== undefined,
    choice.templateid !== undefined,
    choice.serviceofferingid !== undefined,
    !networks.loading,
    details.name.trim() !== '',
  ];

  const body = [
    <ChoiceList key="zone" choices={zones} value={choice.zoneid} onChange={pickZone} />,
    <ChoiceList key="template" choices={templates} value={choice.templateid} onChange={pick('templateid')} />,
    <ChoiceList key="offering" choices={offerings} value={choice.serviceofferingid} onChange={pick('serviceofferingid')} />,
    <ChoiceList
      key="network"
      choices={networks}
      value={networkid}
      onChange={pick('networkid')}
      extra={{ value: '', label: 'New isolated network (created by CloudStack)' }}
    />,
    <DeployDetails key="details" details={details} onChange={setDetails} />,
    <DeployReview
      key="review"
      params={{ ...choice, networkid, ...details }}
      names={{
        zone: zones.items.find((z) => z.id === choice.zoneid)?.name,
        template: templates.items.find((t) => t.id === choice.templateid)?.name,
        offering: offerings.items.find((o) => o.id === choice.serviceofferingid)?.name,
        network: networks.items.find((n) => n.id === networkid)?.name ?? 'New isolated network',
      }}
    />,
  ];

  return (
    <>
      <Typography.Title level={2}>Deploy instance</Typography.Title>
      <Steps current={step} items={steps.map((title) => ({ title }))} style={{ marginBottom: 24 }} />
      <Card title={steps[step]}>{body[step]}</Card>
      <Space style={{ marginTop: 16 }}>
        <Button onClick={() => (step === 0 ? navigate('/instances') : setStep(step - 1))}>Back</Button>
        {step < steps.length - 1 && (
          <Button type="primary" disabled={!ready[step]} onClick={() => setStep(step + 1)}>
            Next
          </Button>
        )}
      </Space>
    </>
  );
}
