// The one question every write path asks before it writes (forum pages and API, first contact and
// replies): may this member write here now? The answer comes in plain words for the writer.
import type { Db } from '../../db/index.ts';
import type { Locale } from '../../db/types.ts';
import { translator, type Translator } from '../../platform/i18n/index.ts';
import { formatDateTime } from '../../platform/time.ts';
import { noteWritten, writeGate, type WriteScope } from './service.ts';

export type { WriteScope } from './service.ts';

// Translators are made once per language, so the one handed in tells which language to format dates in.
const localeOf = (t: Translator): Locale => (t === translator('en') ? 'en' : 'de');

/** null when the member may write; otherwise why not and until when, to show beside the text field. */
export async function writeRefusal(db: Db, userId: string, scopes: WriteScope[], t: Translator): Promise<string | null> {
  const gate = await writeGate(db, userId, scopes);
  if (gate.ok) return null;
  const until = formatDateTime(gate.until, localeOf(t));
  if (gate.why === 'slow') return t('moderation.gate.slow', { minutes: gate.minutes, until });
  return t(gate.why === 'suspend' ? 'moderation.gate.suspend' : 'moderation.gate.silence', { until, reason: gate.reason });
}

/** After a post was written: remembered only where slow mode is on. */
export async function noteWrite(db: Db, userId: string, scopes: WriteScope[]): Promise<void> {
  await noteWritten(db, userId, scopes);
}
