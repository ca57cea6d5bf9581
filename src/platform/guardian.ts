// One guardian per request (after Discourse's Guardian): the actor, the abilities features define
// in their policies (asked by name, each answered once per request), and a per-request memo so a
// relation such as "the actor and this group" is loaded once however many policies ask about it.
// Only policies look at roles; the guardian only composes them.
import type { Actor } from './auth/actor.ts';

/** Abilities every page may ask about (the layout's admin link); features add theirs by merging. */
export interface Abilities {
  /** The administration pages (defined by the admin feature's policy). */
  administer: true;
}

export type AbilityRule = (actor: Actor) => boolean;

/** The app's rules, filled by features when they register. */
export class GuardianRules {
  private readonly rules = new Map<keyof Abilities, AbilityRule>();

  define(ability: keyof Abilities, rule: AbilityRule): void {
    if (this.rules.has(ability)) throw new Error(`the ability ${ability} is defined twice`);
    this.rules.set(ability, rule);
  }

  for(actor: Actor): Guardian {
    return new Guardian(actor, this.rules);
  }
}

export class Guardian {
  private readonly answers = new Map<keyof Abilities, boolean>();
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    readonly actor: Actor,
    private readonly rules: ReadonlyMap<keyof Abilities, AbilityRule>,
  ) {}

  /** Whether the actor has this ability; an ability no feature defined is refused. */
  can(ability: keyof Abilities): boolean {
    let answer = this.answers.get(ability);
    if (answer === undefined) {
      answer = this.rules.get(ability)?.(this.actor) ?? false;
      this.answers.set(ability, answer);
    }
    return answer;
  }

  /** Loads something about the actor once per request (e.g. "group:<id>" → the group relation). */
  once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let value = this.memo.get(key) as Promise<T> | undefined;
    if (!value) {
      value = load();
      this.memo.set(key, value);
    }
    return value;
  }
}
