// Features that store data about a person register here, so that the data export contains
// everything and account deletion removes everything, without the accounts feature knowing
// any other feature's tables.
import type { Db } from '../db/index.ts';

export type PostsChoice = 'remove' | 'anonymise';

export interface AccountDataContributor {
  /** Key in the export file, e.g. "forumPosts". */
  name: string;
  export(db: Db, userId: string): Promise<unknown>;
  /** Runs inside the deletion's transaction, before the account row is removed. */
  delete(db: Db, userId: string, posts: PostsChoice): Promise<void>;
}

export class AccountDataRegistry {
  private readonly contributors: AccountDataContributor[] = [];

  register(contributor: AccountDataContributor): void {
    if (this.contributors.some((c) => c.name === contributor.name)) {
      throw new Error(`account data contributor ${contributor.name} registered twice`);
    }
    this.contributors.push(contributor);
  }

  async exportAll(db: Db, userId: string): Promise<Record<string, unknown>> {
    const result: Record<string, unknown> = {};
    for (const c of this.contributors) result[c.name] = await c.export(db, userId);
    return result;
  }

  async deleteAll(db: Db, userId: string, posts: PostsChoice): Promise<void> {
    for (const c of this.contributors) await c.delete(db, userId, posts);
  }
}
