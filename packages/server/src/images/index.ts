import type { DomainModule } from '../kernel/module.ts';

export const imagesModule: DomainModule = {
  name: 'images',
  commands: [],
};
