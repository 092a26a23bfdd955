import type { DomainModule } from '../kernel/module.ts';

export { allocateNic, nicsOfVms, releaseNicsOfVm } from './nics.ts';

export const networkModule: DomainModule = {
  name: 'network',
  commands: [],
};
