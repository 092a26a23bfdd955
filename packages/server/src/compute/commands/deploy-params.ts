import type { ParamDecl } from '../../kernel/command.ts';

/** deployVirtualMachine's parameters: those the issue asks for, with CloudStack's names. */
export const deployParams: Record<string, ParamDecl> = {
  zoneid: { type: 'uuid', required: true, description: 'The zone to deploy in' },
  serviceofferingid: { type: 'uuid', required: true, description: 'The service offering (CPU and memory)' },
  templateid: { type: 'uuid', required: true, description: 'The template or ISO to deploy from' },
  name: { type: 'string', description: 'Host name of the VM; VM-<uuid> when absent' },
  displayname: { type: 'string', description: 'Display name; the name when absent' },
  group: { type: 'string', description: 'A group name for the VM' },
  networkids: { type: 'list', of: 'uuid', description: 'Networks for the VM\'s NICs, the first being the default' },
  iptonetworklist: { type: 'map', description: 'Networks with fixed IPs: iptonetworklist[0].networkid=...&iptonetworklist[0].ip=...' },
  ipaddress: { type: 'string', description: 'Fixed IP address in the default network' },
  keypair: { type: 'string', description: 'Name of an SSH key pair of the owner' },
  keypairs: { type: 'list', of: 'string', description: 'Names of SSH key pairs of the owner' },
  userdata: { type: 'string', length: 1048576, description: 'Base64 user data, at most 32 KB' },
  userdataid: { type: 'uuid', description: 'Registered user data to use' },
  startvm: { type: 'boolean', description: 'Start the VM once created (default true)' },
  rootdisksize: { type: 'long', description: 'Size of the ROOT disk in GB (at least the template\'s)' },
  diskofferingid: { type: 'uuid', description: 'For an ISO deploy: the disk offering of the ROOT disk' },
  size: { type: 'long', description: 'For an ISO deploy with a custom disk offering: the ROOT disk size in GB' },
  details: { type: 'map', description: 'VM details; cpuNumber, cpuSpeed and memory for customised offerings' },
  hostid: { type: 'uuid', description: 'Root admins: the host to start the VM on' },
  displayvm: { type: 'boolean', description: 'Whether the VM is shown to its owner (default true)' },
  password: { type: 'string', description: 'Password of a password-enabled template\'s VM; generated when absent' },
  account: { type: 'string', description: 'Admins: the account to deploy for; needs domainid unless in the caller\'s domain' },
  domainid: { type: 'uuid', description: 'Admins: the domain of the account' },
  projectid: { type: 'uuid', description: 'Projects are not supported yet' },
};
