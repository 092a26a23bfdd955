// Templates and ISOs are one catalogue in CloudStack, driven by parallel commands: a kind names its commands.

export interface ImageKind {
  // "template" or "iso": the item key of the list answer and the route's section.
  key: 'template' | 'iso';
  label: string;
  // In a sentence: "template", "ISO".
  noun: string;
  plural: string;
  route: string;
  list: string;
  filterParam: string;
  register: string;
  // getUploadParamsFor*: the image's file comes from the browser.
  uploadParams: string;
  update: string;
  remove: string;
  updatePermissions: string;
  listPermissions: string;
  permissionKey: string;
}

export const templateKind: ImageKind = {
  key: 'template',
  label: 'Template',
  noun: 'template',
  plural: 'Templates',
  route: '/templates',
  list: 'listTemplates',
  filterParam: 'templatefilter',
  register: 'registerTemplate',
  uploadParams: 'getUploadParamsForTemplate',
  update: 'updateTemplate',
  remove: 'deleteTemplate',
  updatePermissions: 'updateTemplatePermissions',
  listPermissions: 'listTemplatePermissions',
  permissionKey: 'templatepermission',
};

export const isoKind: ImageKind = {
  key: 'iso',
  label: 'ISO',
  noun: 'ISO',
  plural: 'ISOs',
  route: '/isos',
  list: 'listIsos',
  filterParam: 'isofilter',
  register: 'registerIso',
  uploadParams: 'getUploadParamsForIso',
  update: 'updateIso',
  remove: 'deleteIso',
  updatePermissions: 'updateIsoPermissions',
  listPermissions: 'listIsoPermissions',
  permissionKey: 'isopermission',
};

// CloudStack's UI filters: "all" only for admins.
export function imageFilters(admin: boolean): { value: string; label: string }[] {
  const filters = [
    { value: 'featured', label: 'Featured' },
    { value: 'self', label: 'Mine' },
    { value: 'sharedexecutable', label: 'Shared' },
    { value: 'community', label: 'Community' },
  ];
  return admin ? [...filters, { value: 'all', label: 'All' }] : filters;
}

// A download's (or browser upload's) state from listTemplates' isready and status ("40% Downloaded", "Download
// Complete", "Download failed: ...", "Waiting for the upload", "40% Uploaded", "Upload failed: ..."): the percent
// while it runs, whether it ended in an error.
export interface DownloadState {
  ready: boolean;
  failed: boolean;
  percent?: number;
}

export function downloadState(item: { isready?: unknown; status?: unknown }): DownloadState {
  const status = String(item.status ?? '');
  if (item.isready === true) return { ready: true, failed: false, percent: 100 };
  const match = /^(\d+)% (?:Downloaded|Uploaded)/.exec(status);
  if (match) return { ready: false, failed: false, percent: Number(match[1]) };
  const failed = /fail|error|abandon/i.test(status);
  return { ready: false, failed, percent: failed ? undefined : 0 };
}

// Whether a row's download may still change, so is worth polling.
export function inProgress(item: { isready?: unknown; status?: unknown; zoneid?: unknown }): boolean {
  if (item.zoneid === undefined) return false;
  const state = downloadState(item);
  return !state.ready && !state.failed;
}
