import { defineCommand, object, type ParamDecl } from '../../kernel/command.ts';
import { access } from '../../kernel/roles.ts';
import { requestUpload } from '../uploads.ts';
import { imageParams } from './register.ts';

/** Parameters both commands share (CloudStack's). */
const common: Record<string, ParamDecl> = {
  name: { type: 'string', required: true, description: 'The name of the image' },
  zoneid: { type: 'uuid', entity: 'Zone', required: true, description: 'The zone the image is uploaded to' },
  format: { type: 'string', required: true, description: 'QCOW2 for a template, ISO for an ISO' },
  ...imageParams,
};

const description = (what: string) =>
  `Registers ${what} whose file the browser uploads: answers the postURL and the signed X-signature, X-metadata and X-expires headers to POST it (multipart/form-data) with`;

export const getUploadParamsForTemplate = defineCommand({
  name: 'getUploadParamsForTemplate',
  description: description('a template'),
  access: access.all,
  event: 'TEMPLATE.UPLOAD',
  params: {
    ...common,
    displaytext: { type: 'string', required: true, length: 4096, description: 'The display text of the template' },
    hypervisor: { type: 'string', required: true, description: 'The hypervisor the template is for: KVM, Simulator...' },
    bits: { type: 'integer', description: '32 or 64 (default)' },
    arch: { type: 'string', description: 'x86_64 (default) or aarch64' },
    passwordenabled: { type: 'boolean', description: 'Whether the template supports the password reset feature' },
    sshkeyenabled: { type: 'boolean', description: 'Whether the template supports the SSH key reset feature' },
    isdynamicallyscalable: { type: 'boolean', description: 'Whether the template\'s VMs may be scaled while running' },
    requireshvm: { type: 'boolean', description: 'Whether the template needs HVM (default true)' },
    templatetag: { type: 'string', description: 'The tag of the template' },
    templatetype: { type: 'string', description: 'Root admin: USER (default), BUILTIN, SYSTEM or ROUTING' },
  },
  response: { type: 'object', name: 'getuploadparams' },
  async handler(ctx, p) {
    return object(await requestUpload(ctx, p, false));
  },
});

export const getUploadParamsForIso = defineCommand({
  name: 'getUploadParamsForIso',
  description: description('an ISO'),
  access: access.all,
  event: 'ISO.UPLOAD',
  params: {
    ...common,
    displaytext: { type: 'string', length: 4096, description: 'The display text of the ISO (default: its name)' },
    bootable: { type: 'boolean', description: 'Whether VMs can boot from the ISO (default true)' },
  },
  response: { type: 'object', name: 'getuploadparams' },
  async handler(ctx, p) {
    return object(await requestUpload(ctx, p, true));
  },
});
