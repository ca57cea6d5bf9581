// Demo content: the demo member is part-way through the support-network course, with two lessons
// done, an answer written (sealed like real data) and the third lesson open.
import type { Deps } from '../../platform/deps.ts';
import { recordVisit, saveAnswer, setDone } from './service.ts';

export async function seedLearningProgress(deps: Deps, userId: string): Promise<void> {
  const course = 'unterstuetzungsnetz';
  await setDone(deps.db, userId, course, 'familie-und-freunde', true);
  await saveAnswer(deps, userId, course, 'familie-und-freunde', 'Mama, als ich umgezogen bin. Sie hat einfach mit angepackt, ohne dass ich fragen musste.');
  await setDone(deps.db, userId, course, 'vereine-und-gemeinschaft', true);
  await saveAnswer(deps, userId, course, 'vereine-und-gemeinschaft', 'Der Chor am Donnerstag. Vielleicht gehe ich nächste Woche wieder hin.');
  await recordVisit(deps.db, userId, course, 'kollegen-und-beruf');
  await recordVisit(deps.db, userId, 'selbsthilfe', 'geben-und-nehmen');
  // The course touched last is the one to continue with.
  await new Promise((resolve) => setTimeout(resolve, 5));
  await recordVisit(deps.db, userId, course, 'kollegen-und-beruf');
}
