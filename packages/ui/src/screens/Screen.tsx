import { Result } from 'antd';
import { Accounts } from './Accounts.tsx';
import { Console } from './instance/Console.tsx';
import { Dashboard } from './Dashboard.tsx';
import { DeployWizard } from './DeployWizard.tsx';
import { Infrastructure } from './Infrastructure.tsx';
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
    case 'infrastructure':
      return <Infrastructure />;
    case 'accounts':
      return <Accounts />;
    default:
      return <Result status="404" title="Not found" subTitle={`Nothing at ${path}`} />;
  }
}
