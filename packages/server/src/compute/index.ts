import type { DomainModule } from '../kernel/module.ts';

export const computeModule: DomainModule = {
  name: 'compute',
  commands: [],
};
