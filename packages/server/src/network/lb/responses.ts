import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ResponseObject } from '../../kernel/command.ts';
import { zoneNames } from '../../infrastructure/index.ts';
import { tagsOf } from '../../operations/index.ts';
import { ownerFields, owners } from '../rules/responses.ts';
import type { LbRow, PolicyRow } from './store.ts';

type Db = Kysely<Database>;
const ruleState = (state: string) => (state === 'Add' || state === 'Revoke' ? state : 'Active');

/** `loadbalancerrule` items (and the create and update answers' `loadbalancer`), as CloudStack's LoadBalancerResponse. */
export async function lbResponses(db: Db, rows: LbRow[]): Promise<ResponseObject[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [who, ips, tags] = await Promise.all([
    owners(db, rows.map((r) => r.account_id)),
    db.selectFrom('public_ip').select(['id', 'address', 'zone_id']).where('id', 'in', [...new Set(rows.map((r) => r.ip_id))]).execute(),
    tagsOf(db, 'LoadBalancer', ids),
  ]);
  const ipOf = new Map(ips.map((i) => [i.id, i]));
  const zones = await zoneNames(db, [...new Set(ips.map((i) => i.zone_id))]);
  return rows.map((r) => {
    const ip = ipOf.get(r.ip_id);
    return {
      id: r.id,
      name: r.name,
      description: r.description ?? undefined,
      publicipid: r.ip_id,
      publicip: ip?.address,
      publicport: String(r.public_port),
      privateport: String(r.private_port),
      algorithm: r.algorithm,
      protocol: r.protocol,
      cidrlist: r.cidr_list ?? '',
      networkid: r.network_id,
      ...ownerFields(who.get(r.account_id), r.domain_id),
      state: ruleState(r.state),
      zoneid: ip?.zone_id,
      zonename: ip ? zones.get(ip.zone_id) : undefined,
      fordisplay: true,
      tags: tags.get(r.id) ?? [],
    };
  });
}

/** What a policy answer says about its rule (CloudStack's LBStickinessResponse and LBHealthCheckResponse). */
async function ruleFields(db: Db, rule: LbRow): Promise<ResponseObject> {
  const [who, ip] = await Promise.all([owners(db, [rule.account_id]), db.selectFrom('public_ip').select('zone_id').where('id', '=', rule.ip_id).executeTakeFirst()]);
  const { account, domainid, domain } = ownerFields(who.get(rule.account_id), rule.domain_id);
  return { lbruleid: rule.id, account, domainid, domain, zoneid: ip?.zone_id };
}

/** A rule's stickiness policies nested in `stickinesspolicy`, as CloudStack answers both the create and the list. */
export async function stickinessResponse(db: Db, rule: LbRow, policies: PolicyRow[]): Promise<ResponseObject> {
  return {
    ...(await ruleFields(db, rule)),
    stickinesspolicy: policies.map((p) => ({
      id: p.id,
      name: p.name,
      methodname: p.method,
      description: p.description ?? undefined,
      params: JSON.parse(p.params ?? '{}') as Record<string, string>,
      state: ruleState(p.state),
      fordisplay: true,
    })),
  };
}

/** A rule's health check policies nested in `healthcheckpolicy`. */
export async function healthCheckResponse(db: Db, rule: LbRow, policies: PolicyRow[]): Promise<ResponseObject> {
  return {
    ...(await ruleFields(db, rule)),
    healthcheckpolicy: policies.map((p) => ({
      id: p.id,
      pingpath: p.ping_path,
      description: p.description ?? undefined,
      responsetime: p.response_timeout,
      healthcheckinterval: p.interval_time,
      // CloudStack's spelling.
      healthcheckthresshold: p.healthy_threshold,
      unhealthcheckthresshold: p.unhealthy_threshold,
      state: ruleState(p.state),
      fordisplay: true,
    })),
  };
}
