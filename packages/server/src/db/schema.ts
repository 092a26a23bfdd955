import type { KernelTables } from '../kernel/tables.ts';
import type { IdentityTables } from '../identity/tables.ts';
import type { InfrastructureTables } from '../infrastructure/tables.ts';
import type { OfferingsTables } from '../offerings/tables.ts';
import type { ImagesTables } from '../images/tables.ts';
import type { AgentsTables } from '../agents/tables.ts';
import type { StorageTables } from '../storage/tables.ts';
import type { NetworkTables } from '../network/tables.ts';
import type { ComputeTables } from '../compute/tables.ts';
import type { LimitsTables } from '../identity/limits/tables.ts';
import type { TagsTables } from '../operations/tags/tables.ts';
import type { AlertsTables } from '../operations/alerts/alerts.ts';
import type { NetworkRulesTables } from '../network/rules/tables.ts';
import type { LoadBalancerTables } from '../network/lb/tables.ts';
import type { RouterHealthTables } from '../network/router-health.ts';

/** The whole database as Kysely sees it: each domain declares its own tables. */
export interface Database
  extends KernelTables,
    IdentityTables,
    InfrastructureTables,
    OfferingsTables,
    ImagesTables,
    AgentsTables,
    StorageTables,
    NetworkTables,
    ComputeTables,
    LimitsTables,
    TagsTables,
    AlertsTables,
    NetworkRulesTables,
    LoadBalancerTables,
    RouterHealthTables {}
