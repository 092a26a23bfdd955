import { Result } from 'antd';
import { Accounts } from './Accounts.tsx';
import { Dashboard } from './Dashboard.tsx';
import { DeployWizard } from './DeployWizard.tsx';
import { Infrastructure } from './Infrastructure.tsx';
import { Instances } from './Instances.tsx';
import { Isos } from './images/Isos.tsx';
import { Networks } from './Networks.tsx';
import { PublicIps } from './PublicIps.tsx';
import { Templates } from './Templates.tsx';

// The screen for a hash path (#/instances, #/instances/deploy, #/instances/<id>, ...).
export function Screen({ path, apis }: { path: string; apis: ReadonlySet<string> }) {
  const [, section, sub] = path.split('/');
  switch (section) {
    case '':
      return <Dashboard apis={apis} />;
    case 'instances':
      if (sub === 'deploy') return <DeployWizard />;
      return <Instances key={sub ?? 'all'} id={sub} apis={apis} />;
    case 'networks':
      return <Networks />;
    case 'publicips':
      return <PublicIps />;
    case 'templates':
      return <Templates key={sub ?? 'all'} id={sub} apis={apis} />;
    case 'isos':
      return <Isos key={sub ?? 'all'} id={sub} apis={apis} />;
    case 'infrastructure':
      return <Infrastructure />;
    case 'accounts':
      return <Accounts />;
    default:
      return <Result status="404" title="Not found" subTitle={`Nothing at ${path}`} />;
  }
}
