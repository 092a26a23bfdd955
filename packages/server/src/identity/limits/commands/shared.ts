import type { Database } from '../../../db/schema.ts';
import type { ResponseObject } from '../../../kernel/command.ts';
import { errors } from '../../../kernel/errors.ts';
import { displayPath } from '../../responses.ts';
import { resourceTypeById, resourceTypeByName, resourceTypes, type ResourceTypeInfo } from '../types.ts';

/** Whose limit or count a response item is: an account (in its domain) or a domain alone. */
export interface OwnerView {
  account?: Database['account'];
  domain: Database['domain'];
}

function ownerFields(o: OwnerView, type: ResourceTypeInfo): ResponseObject {
  return {
    account: o.account?.name,
    domainid: o.domain.id,
    domain: o.domain.name,
    domainpath: displayPath(o.domain.path),
    resourcetype: String(type.id),
    resourcetypename: type.name,
  };
}

export const limitResponse = (o: OwnerView, type: ResourceTypeInfo, max: number): ResponseObject => ({ ...ownerFields(o, type), max });

export const countResponse = (o: OwnerView, type: ResourceTypeInfo, count: number): ResponseObject => ({ ...ownerFields(o, type), resourcecount: count });

const typeList = resourceTypes.map((t) => `${t.id} (${t.name})`).join(', ');

/** The resource type named by number in `resourcetype`, or every type when absent. */
export function typesParam(command: string, resourcetype: number | undefined): ResourceTypeInfo[] {
  if (resourcetype === undefined) return [...resourceTypes];
  const type = resourceTypeById(resourcetype);
  if (!type) throw errors.invalidParam(command, 'resourcetype', String(resourcetype), `expected one of ${typeList}`);
  return [type];
}

/** The resource type named by `resourcetypename` (`user_vm`, `cpu`...). */
export function typeByNameParam(command: string, name: string): ResourceTypeInfo {
  const type = resourceTypeByName(name);
  if (!type) throw errors.invalidParam(command, 'resourcetypename', name, `expected one of ${typeList}`);
  return type;
}
