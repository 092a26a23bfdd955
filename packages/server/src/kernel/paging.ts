import type { CommandContext, ParamDecl, Params } from './command.ts';
import { errors } from './errors.ts';

/** The parameters every list command takes. */
export const listParams: Record<string, ParamDecl> = {
  keyword: { type: 'string', description: 'List by keyword' },
  page: { type: 'integer', description: 'The page to return, from 1' },
  pagesize: { type: 'integer', description: 'Items per page (at most default.page.size); -1 for all' },
};

/** Parameters of lists whose items belong to accounts: the inputs of the scoping function. */
export const scopeParams: Record<string, ParamDecl> = {
  account: { type: 'string', description: 'List resources of this account; needs domainid unless it is in the caller\'s domain' },
  domainid: { type: 'uuid', description: 'List resources of this domain' },
  isrecursive: { type: 'boolean', description: 'With domainid, include its subdomains' },
  listall: { type: 'boolean', description: 'Admins: list everything the caller may see, not only its own account\'s' },
};

export interface Page {
  limit: number;
  offset: number;
}

/**
 * `page`/`pagesize` as CloudStack reads them: no page means the first `default.page.size` items; `pagesize=-1`
 * means all, unpaged; a page size above `default.page.size` is refused.
 */
export async function paging(ctx: CommandContext, params: Params): Promise<Page> {
  const max = await ctx.settings.int('default.page.size');
  const page = params.page as number | undefined;
  let size = params.pagesize as number | undefined;
  if (page !== undefined && page < 1) throw errors.paramError('Invalid page parameter: pages are numbered from 1');
  if (size === -1) return { limit: 2147483647, offset: 0 };
  if (size === undefined) size = max;
  if (size < 1) throw errors.paramError(`Invalid pagesize ${size}: it must be positive, or -1 for all`);
  if (size > max) throw errors.paramError(`Page size can't exceed max allowed page size value: ${max}`);
  return { limit: size, offset: ((page ?? 1) - 1) * size };
}
