import type { DomainModule } from '../kernel/module.ts';

export const infrastructureModule: DomainModule = {
  name: 'infrastructure',
  commands: [],
};
