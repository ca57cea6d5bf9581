// Who is making a request. A visitor is an AnonymousActor object, never null.
import type { Locale, Role } from '../../db/types.ts';

export class AnonymousActor {
  readonly kind = 'anonymous' as const;
  readonly id = null;
}

export class UserActor {
  readonly kind = 'user' as const;
  constructor(
    readonly id: string,
    readonly pseudonym: string,
    readonly role: Role,
    readonly locale: Locale | null,
    /** SHA-256 of the session cookie, binds CSRF tokens to this session. */
    readonly sessionId: string,
    readonly emailVerified: boolean,
  ) {}
}

export type Actor = AnonymousActor | UserActor;

export const anonymous = new AnonymousActor();
