import type { DomainModule } from '../kernel/module.ts';

export const networkModule: DomainModule = {
  name: 'network',
  commands: [],
};
