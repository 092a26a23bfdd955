import type { DomainModule } from '../kernel/module.ts';

export const offeringsModule: DomainModule = {
  name: 'offerings',
  commands: [],
};
