// What the forum needs to know about groups for their boards: which groups a person belongs to
// or works for, and the few public facts of groups by id. The forum reaches it through index.ts.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/index.ts';

export interface GroupTies {
  /** Admitted members (facilitators included). */
  admitted: string[];
  facilitating: string[];
  /** Organisations (contact points, member organisations) the person works for. */
  staffOf: string[];
}

export async function groupTiesOf(db: Db, userId: string): Promise<GroupTies> {
  const memberships = await db.selectFrom('memberships').select(['group_id', 'role']).where('user_id', '=', userId).where('status', '=', 'admitted').execute();
  const staff = await db.selectFrom('organisation_staff').select('organisation_id').where('user_id', '=', userId).execute();
  return {
    admitted: memberships.map((m) => m.group_id),
    facilitating: memberships.filter((m) => m.role === 'facilitator').map((m) => m.group_id),
    staffOf: staff.map((s) => s.organisation_id),
  };
}

/** The same groups as a subquery, for a question asked inside another query (the session's facts). */
export function facilitatedGroupIdsSql(userId: RawBuilder<string>): RawBuilder<string> {
  return sql<string>`select group_id from memberships where user_id = ${userId} and status = 'admitted' and role = 'facilitator'`;
}

/** The groups a person facilitates (admitted), in one indexed query: asked on every page a member opens (the header's queue link). */
export async function facilitatedGroupsOf(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('memberships').select('group_id').where('user_id', '=', userId).where('status', '=', 'admitted').where('role', '=', 'facilitator').execute();
  return rows.map((r) => r.group_id);
}

export interface BoardGroup {
  id: string;
  slug: string;
  name: string;
  status: string;
  contactPointId: string | null;
  organisationId: string | null;
}

export async function boardGroupsByIds(db: Db, ids: string[]): Promise<BoardGroup[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('groups').select(['id', 'slug', 'name', 'status', 'contact_point_id', 'organisation_id']).where('id', 'in', [...new Set(ids)]).execute();
  return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, status: r.status, contactPointId: r.contact_point_id, organisationId: r.organisation_id }));
}

export async function boardGroupBySlug(db: Db, slug: string): Promise<BoardGroup | undefined> {
  const r = await db.selectFrom('groups').select(['id', 'slug', 'name', 'status', 'contact_point_id', 'organisation_id']).where('slug', '=', slug).executeTakeFirst();
  return r ? { id: r.id, slug: r.slug, name: r.name, status: r.status, contactPointId: r.contact_point_id, organisationId: r.organisation_id } : undefined;
}

/** Groups whose contact point or organisation is one of these (the boards their staff may read). */
export async function groupIdsOfOrganisations(db: Db, organisationIds: string[]): Promise<string[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db
    .selectFrom('groups')
    .select('id')
    .where((eb) => eb.or([eb('contact_point_id', 'in', organisationIds), eb('organisation_id', 'in', organisationIds)]))
    .execute();
  return rows.map((r) => r.id);
}
