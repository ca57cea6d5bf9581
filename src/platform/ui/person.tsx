// A person's name as others see it, in one place: the pseudonym cleaned for display
// (displayPseudonym) and, for staff, a badge that comes from the account's role — passed in by the
// presenter from the database, never read from the name, so a member called "Admin Anke" gets none.
import { displayPseudonym } from '../auth/pseudonyms.ts';
import type { Translator } from '../i18n/index.ts';
import { Tag } from './components.tsx';

export type StaffBadge = 'staff' | 'moderator' | 'admin';

export function PersonName({ name, badge, t }: { name: string; badge?: StaffBadge | undefined; t: Translator }) {
  return (
    <span class="person">
      <span class="person__name" safe>{displayPseudonym(name)}</span>
      {badge ? <>{' '}<Tag text={t(`role.${badge}`)} tone="blue" /></> : ''}
    </span>
  );
}
