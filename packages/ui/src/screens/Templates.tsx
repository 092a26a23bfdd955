import { ImageDetail } from './images/ImageDetail.tsx';
import { ImageList } from './images/ImageList.tsx';
import { templateKind } from './images/kinds.ts';

// #/templates, or one template: #/templates/<id>.
export function Templates({ id, apis }: { id?: string; apis: ReadonlySet<string> }) {
  if (id !== undefined) return <ImageDetail key={id} kind={templateKind} id={id} apis={apis} />;
  return <ImageList kind={templateKind} apis={apis} />;
}
