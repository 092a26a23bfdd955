import type { DomainModule } from '../kernel/module.ts';

export const storageModule: DomainModule = {
  name: 'storage',
  commands: [],
};
