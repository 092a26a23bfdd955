import type { DomainModule } from '../kernel/module.ts';

export const agentsModule: DomainModule = {
  name: 'agents',
  commands: [],
};
