import type { Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/schema.ts';
import { containsText } from '../../db/text.ts';
import { defineCommand, list, object, success, type ParamDecl, type ResponseObject } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { listParams, paging, scopeParams } from '../../kernel/paging.ts';
import { access } from '../../kernel/roles.ts';
import { listScope, scopeCondition } from '../../identity/scope.ts';
import { resolveOwner, type Owner } from '../../identity/index.ts';
import { ownerNames } from '../owner.ts';
import { generateRsaKey, parsePublicKey } from '../ssh-keys.ts';

type KeyPair = Database['ssh_keypair'];

const ownerParams: Record<string, ParamDecl> = {
  account: { type: 'string', description: 'The account of the key pair; needs domainid unless it is in the caller\'s domain' },
  domainid: { type: 'uuid', entity: 'Domain', description: 'The domain of the account' },
  projectid: { type: 'uuid', description: 'Projects are not supported yet' },
};

async function keyPairResponses(db: Kysely<Database>, rows: KeyPair[]): Promise<ResponseObject[]> {
  const names = await ownerNames({ db }, rows.map((r) => r.account_id));
  return rows.map((r) => {
    const o = names.get(r.account_id);
    return { id: r.id, name: r.name, fingerprint: r.fingerprint, account: o?.account, domainid: r.domain_id, domain: o?.domain, hasannotations: false };
  });
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw errors.paramError('Key pair name must not be blank');
  return trimmed;
}

async function insertKeyPair(db: Kysely<Database>, owner: Owner, name: string, publicKey: string, fingerprint: string): Promise<KeyPair> {
  const existing = await db
    .selectFrom('ssh_keypair')
    .select(['name', 'fingerprint'])
    .where('account_id', '=', owner.accountId)
    .where((eb) => eb.or([eb('name', '=', name), eb('fingerprint', '=', fingerprint)]))
    .executeTakeFirst();
  if (existing?.name === name) throw errors.paramError(`A key pair with name '${name}' already exists for account ${owner.accountName}`);
  if (existing) throw errors.paramError(`A key pair with the same public key already exists for account ${owner.accountName}: ${existing.name}`);
  const row: KeyPair = {
    id: randomUUID(),
    name,
    account_id: owner.accountId,
    domain_id: owner.domainId,
    public_key: publicKey,
    fingerprint,
    created: new Date().toISOString(),
  };
  await db.insertInto('ssh_keypair').values(row).execute();
  return row;
}

export const createSSHKeyPair = defineCommand({
  name: 'createSSHKeyPair',
  description: 'Creates an RSA SSH key pair; the private key is returned once and never stored',
  access: access.all,
  event: 'REGISTER.SSH.KEYPAIR',
  params: { name: { type: 'string', required: true, description: 'Name of the key pair' }, ...ownerParams },
  response: { type: 'object', name: 'keypair' },
  async handler(ctx, p) {
    const owner = await resolveOwner(ctx, p);
    const name = checkName(p.name as string);
    const key = generateRsaKey(name);
    const row = await insertKeyPair(ctx.db, owner, name, key.publicKey, key.fingerprint);
    ctx.event = { ...ctx.event, resourceType: 'SSHKeyPair', resourceId: row.id, description: `created SSH key pair ${name}` };
    const [response] = await keyPairResponses(ctx.db, [row]);
    return object({ ...response, privatekey: key.privateKey });
  },
});

export const registerSSHKeyPair = defineCommand({
  name: 'registerSSHKeyPair',
  description: 'Registers an existing public key as an SSH key pair',
  access: access.all,
  event: 'REGISTER.SSH.KEYPAIR',
  params: {
    name: { type: 'string', required: true, description: 'Name of the key pair' },
    publickey: { type: 'string', required: true, length: 5120, description: 'The public key in OpenSSH form' },
    ...ownerParams,
  },
  response: { type: 'object', name: 'keypair' },
  async handler(ctx, p) {
    const owner = await resolveOwner(ctx, p);
    const name = checkName(p.name as string);
    const key = parsePublicKey(p.publickey as string);
    const row = await insertKeyPair(ctx.db, owner, name, key.publicKey, key.fingerprint);
    ctx.event = { ...ctx.event, resourceType: 'SSHKeyPair', resourceId: row.id, description: `registered SSH key pair ${name}` };
    const [response] = await keyPairResponses(ctx.db, [row]);
    return object(response);
  },
});

export const listSSHKeyPairs = defineCommand({
  name: 'listSSHKeyPairs',
  description: 'Lists SSH key pairs in the caller\'s reach',
  access: access.all,
  params: {
    ...listParams,
    ...scopeParams,
    id: { type: 'uuid', description: 'The key pair with this id' },
    name: { type: 'string', description: 'Key pairs with this name' },
    fingerprint: { type: 'string', description: 'Key pairs with this fingerprint' },
    projectid: ownerParams.projectid,
  },
  response: { type: 'list', listKey: 'sshkeypair' },
  async handler(ctx, p) {
    const scope = await listScope(ctx, p);
    const { limit, offset } = await paging(ctx, p);
    let q = ctx.db.selectFrom('ssh_keypair').where(scopeCondition(scope, { account: 'ssh_keypair.account_id', domain: 'ssh_keypair.domain_id' }));
    if (p.id) q = q.where('id', '=', p.id as string);
    if (p.name) q = q.where('name', '=', p.name as string);
    if (p.fingerprint) q = q.where('fingerprint', '=', (p.fingerprint as string).toLowerCase());
    if (p.keyword) q = q.where(containsText('ssh_keypair.name', p.keyword as string));
    const [{ count }, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      q.selectAll().orderBy('name').orderBy('id').limit(limit).offset(offset).execute(),
    ]);
    return list(Number(count), await keyPairResponses(ctx.db, rows));
  },
});

export const deleteSSHKeyPair = defineCommand({
  name: 'deleteSSHKeyPair',
  description: 'Deletes an SSH key pair of the caller\'s account (or of `account` in `domainid`)',
  access: access.all,
  event: 'DELETE.SSH.KEYPAIR',
  params: { name: { type: 'string', required: true, description: 'Name of the key pair' }, ...ownerParams },
  response: { type: 'success' },
  async handler(ctx, p) {
    const owner = await resolveOwner(ctx, p);
    const name = p.name as string;
    const row = await ctx.db.selectFrom('ssh_keypair').selectAll().where('account_id', '=', owner.accountId).where('name', '=', name).executeTakeFirst();
    if (!row) throw errors.paramError(`A key pair with name '${name}' does not exist for account ${owner.accountName}`);
    await ctx.db.deleteFrom('ssh_keypair').where('id', '=', row.id).execute();
    ctx.event = { ...ctx.event, resourceType: 'SSHKeyPair', resourceId: row.id, description: `deleted SSH key pair ${name}` };
    return success();
  },
});

export const sshKeyPairCommands = [createSSHKeyPair, registerSSHKeyPair, listSSHKeyPairs, deleteSSHKeyPair];
