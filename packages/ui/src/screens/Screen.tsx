import { Result } from 'antd';
import { Alerts } from './events/Alerts.tsx';
import { Events } from './events/Events.tsx';
import { DiskOfferings } from './offerings/DiskOfferings.tsx';
import { NetworkOfferings } from './offerings/NetworkOfferings.tsx';
import { ServiceOfferings } from './offerings/ServiceOfferings.tsx';
import { GlobalSettings } from './settings/GlobalSettings.tsx';
import { UserData } from './userdata/UserData.tsx';
import { Accounts } from './identity/Accounts.tsx';
import { Domains } from './identity/Domains.tsx';
import { Roles } from './identity/Roles.tsx';
import { Console } from './instance/Console.tsx';
import { Dashboard } from './Dashboard.tsx';
import { DeployWizard } from './DeployWizard.tsx';
import { Clusters } from './infra/Clusters.tsx';
import { HostDetail } from './infra/HostDetail.tsx';
import { Hosts } from './infra/Hosts.tsx';
import { ImageStores } from './infra/ImageStores.tsx';
import { Pods } from './infra/Pods.tsx';
import { Routers } from './infra/Routers.tsx';
import { StoragePools } from './infra/StoragePools.tsx';
import { ZoneDetail } from './infra/ZoneDetail.tsx';
import { Zones } from './infra/Zones.tsx';
import { ZoneWizard } from './infra/ZoneWizard.tsx';
import { InstanceDetail } from './instance/InstanceDetail.tsx';
import { Instances } from './Instances.tsx';
import { Isos } from './images/Isos.tsx';
import { Networks } from './Networks.tsx';
import { PublicIps } from './PublicIps.tsx';
import { SshKeyPairs } from './SshKeyPairs.tsx';
import { Snapshots } from './storage/Snapshots.tsx';
import { Volumes } from './storage/Volumes.tsx';
import { Templates } from './Templates.tsx';

// The screen for a hash path (#/instances, #/instances/deploy, #/instances/<id>, ...).
export function Screen({ path, apis }: { path: string; apis: ReadonlySet<string> }) {
  const [, section, sub, leaf] = path.split('/');
  switch (section) {
    case '':
      return <Dashboard apis={apis} />;
    case 'instances':
      if (sub === 'deploy') return <DeployWizard />;
      if (sub !== undefined && leaf === 'console') return <Console key={sub} id={sub} />;
      if (sub !== undefined) return <InstanceDetail key={sub} id={sub} apis={apis} />;
      return <Instances apis={apis} />;
    case 'networks':
      return <Networks key={sub ?? 'all'} id={sub} apis={apis} />;
    case 'publicips':
      return <PublicIps key={sub ?? 'all'} id={sub} apis={apis} />;
    case 'templates':
      return <Templates key={sub ?? 'all'} id={sub} apis={apis} />;
    case 'isos':
      return <Isos key={sub ?? 'all'} id={sub} apis={apis} />;
    case 'volumes':
      return <Volumes apis={apis} />;
    case 'snapshots':
      return <Snapshots apis={apis} />;
    case 'sshkeypairs':
      return <SshKeyPairs apis={apis} />;
    case 'zones':
      if (sub === 'add') return <ZoneWizard />;
      return sub !== undefined ? <ZoneDetail key={sub} id={sub} apis={apis} /> : <Zones apis={apis} />;
    case 'pods':
      return <Pods apis={apis} />;
    case 'clusters':
      return <Clusters apis={apis} />;
    case 'hosts':
      return sub !== undefined ? <HostDetail key={sub} id={sub} apis={apis} /> : <Hosts apis={apis} />;
    case 'storagepools':
      return <StoragePools apis={apis} />;
    case 'imagestores':
      return <ImageStores apis={apis} />;
    case 'routers':
      return <Routers apis={apis} />;
    case 'accounts':
      return <Accounts key={sub ?? 'all'} id={sub} apis={apis} />;
    case 'domains':
      return <Domains apis={apis} />;
    case 'roles':
      return <Roles key={sub ?? 'all'} id={sub} apis={apis} />;
    case 'userdata':
      return <UserData apis={apis} />;
    case 'events':
      return <Events apis={apis} />;
    case 'alerts':
      return <Alerts apis={apis} />;
    case 'serviceofferings':
      return <ServiceOfferings apis={apis} />;
    case 'diskofferings':
      return <DiskOfferings apis={apis} />;
    case 'networkofferings':
      return <NetworkOfferings apis={apis} />;
    case 'settings':
      return <GlobalSettings apis={apis} />;
    default:
      return <Result status="404" title="Not found" subTitle={`Nothing at ${path}`} />;
  }
}
