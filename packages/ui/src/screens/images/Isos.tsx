import { ImageDetail } from './ImageDetail.tsx';
import { ImageList } from './ImageList.tsx';
import { isoKind } from './kinds.ts';

// #/isos, or one ISO: #/isos/<id>.
export function Isos({ id, apis }: { id?: string; apis: ReadonlySet<string> }) {
  if (id !== undefined) return <ImageDetail key={id} kind={isoKind} id={id} apis={apis} />;
  return <ImageList kind={isoKind} apis={apis} />;
}
