import { Button, Card, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import { ChoiceList, useChoices } from '../components/ChoiceList.tsx';
import { navigate } from '../router.tsx';
import { DeployDetails, type Details } from './DeployDetails.tsx';
import { DeployDisk, isCustom, type DiskChoice } from './DeployDisk.tsx';
import { DeployImage, type ImageChoice } from './DeployImage.tsx';
import { DeployReview } from './DeployReview.tsx';

const steps = ['Zone', 'Image', 'Offering', 'Disk', 'Network', 'Details', 'Review'];

export interface DeployChoice {
  zoneid?: string;
  serviceofferingid?: string;
  // '' means none: CloudStack then creates an isolated network for the account.
  networkid?: string;
}

export function DeployWizard() {
  const [step, setStep] = useState(0);
  const [choice, setChoice] = useState<DeployChoice>({});
  const [image, setImage] = useState<ImageChoice>({ iso: false });
  const [disk, setDisk] = useState<DiskChoice>({ diskofferingid: '' });
  const [details, setDetails] = useState<Details>({ name: '', keypair: '', userdata: '' });
  const zones = useChoices('listZones', 'zone', { available: true });
  const templates = useChoices('listTemplates', 'template', { templatefilter: 'executable', zoneid: choice.zoneid });
  const isos = useChoices('listIsos', 'iso', { isofilter: 'executable', bootable: true, zoneid: choice.zoneid });
  const offerings = useChoices('listServiceOfferings', 'serviceoffering');
  const diskOfferings = useChoices('listDiskOfferings', 'diskoffering');
  const networks = useChoices('listNetworks', 'network', { zoneid: choice.zoneid, canusefordeploy: true });
  // Until the user picks, an account with networks deploys into its first one, one without gets a new one.
  const networkid = choice.networkid ?? String(networks.items[0]?.id ?? '');
  const pick = (field: keyof DeployChoice) => (id: string) => setChoice({ ...choice, [field]: id });
  // Images and networks are per zone: another zone's choice would not deploy.
  const pickZone = (zoneid: string) => {
    setChoice({ zoneid, serviceofferingid: choice.serviceofferingid });
    setImage({ iso: image.iso });
  };
  // An ISO needs a ROOT disk offering, a template none: switching kinds starts the disk choice again.
  const pickImage = (next: ImageChoice) => {
    if (next.iso !== image.iso) setDisk({ diskofferingid: '' });
    setImage(next);
  };
  const diskReady = (!image.iso || disk.diskofferingid !== '') && (!isCustom(diskOfferings, disk.diskofferingid) || (disk.size ?? 0) > 0);
  const imageName = (image.iso ? isos : templates).items.find((t) => t.id === image.id)?.name;
  const diskName = diskOfferings.items.find((o) => o.id === disk.diskofferingid)?.name;

  const ready = [
    choice.zoneid !== undefined,
    image.id !== undefined,
    choice.serviceofferingid !== undefined,
    diskReady,
    !networks.loading,
    details.name.trim() !== '',
  ];

  const body = [
    <ChoiceList key="zone" choices={zones} value={choice.zoneid} onChange={pickZone} />,
    <DeployImage key="image" templates={templates} isos={isos} value={image} onChange={pickImage} />,
    <ChoiceList key="offering" choices={offerings} value={choice.serviceofferingid} onChange={pick('serviceofferingid')} />,
    <DeployDisk key="disk" iso={image.iso} offerings={diskOfferings} value={disk} onChange={setDisk} />,
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
      params={{ ...choice, templateid: image.id, iso: image.iso, ...disk, networkid, ...details }}
      names={{
        zone: zones.items.find((z) => z.id === choice.zoneid)?.name,
        image: imageName,
        disk: diskName === undefined ? 'None' : `${diskName}${disk.size === undefined || !isCustom(diskOfferings, disk.diskofferingid) ? '' : `, ${disk.size} GB`}`,
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
