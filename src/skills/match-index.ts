// An in-memory copy of who holds what, per workspace, for ranking: scoring every holder of a common
// skill in SQL (12,000 people for a wide ask at 100,000 people) cost 30–150 ms of hashing and sorting
// per query; over typed arrays it is about a millisecond (bench/RESULTS.md). PostgreSQL stays the truth:
// the index only says who holds which catalogue skill or free-text name, and follows every write through
// skill_changes before each use; names, guests, snoozes and caps are read from the database.

import type { Unseen } from './match-index-queries.js';

/** A catalogue skill's key (`c:slug`) or a free-text name's (`f:norm`): what a person_skills row matches by. */
export type Key = string;

/** A person's row in the index: the key it matches by and whether it is an interest. */
export interface Held {
  key: Key;
  interest: boolean;
}

/** People changed since the base lists were built, kept apart until there are this many. */
const OVERLAY_MAX = 2_000;

export class TeamIndex {
  /** Person number → user id, and back. */
  readonly users: string[] = [];
  private readonly idOf = new Map<string, number>();
  /** Base lists: key → person numbers, shifted left once, the low bit set for an interest. */
  private lists = new Map<Key, Int32Array>();
  /** People whose base entries are stale, with what they hold now. */
  private overlay = new Map<number, Held[]>();
  /** Leavers and bots: never matched. */
  private unmatchable = new Uint8Array(1024);
  /** Per-person working space of a ranking (match-rank.ts), all zero between rankings: kept, not made anew. */
  private work = { best: new Float64Array(0), count: new Uint16Array(0) };

  constructor(
    /** The transactions this index has not seen yet: their skill_changes are read next. */
    public unseen: Unseen,
  ) {}

  /** The person's number, adding them if new. */
  person(userId: string): number {
    let n = this.idOf.get(userId);
    if (n === undefined) {
      n = this.users.length;
      this.users.push(userId);
      this.idOf.set(userId, n);
      if (n >= this.unmatchable.length) {
        const grown = new Uint8Array(this.unmatchable.length * 2);
        grown.set(this.unmatchable);
        this.unmatchable = grown;
      }
    }
    return n;
  }

  numberOf(userId: string): number | undefined {
    return this.idOf.get(userId);
  }

  /** Builds the base lists from a full read: each key's holders, skills and interests apart. */
  setBase(groups: Array<{ key: Key; interest: boolean; users: string[] }>, unmatchable: string[]): void {
    const parts = new Map<Key, number[][]>();
    for (const g of groups) {
      const list = new Array<number>(g.users.length);
      for (let i = 0; i < g.users.length; i++) list[i] = (this.person(g.users[i]!) << 1) | (g.interest ? 1 : 0);
      const seen = parts.get(g.key);
      if (seen) seen.push(list);
      else parts.set(g.key, [list]);
    }
    this.lists = new Map([...parts].map(([key, lists]) => [key, Int32Array.from(lists.flat())]));
    this.overlay.clear();
    for (const u of unmatchable) this.unmatchable[this.person(u)] = 1;
  }

  /** What changed for these people, read after the base: it replaces all they held. */
  change(userId: string, unmatchable: boolean, held: Held[]): void {
    const n = this.person(userId);
    this.unmatchable[n] = unmatchable ? 1 : 0;
    this.overlay.set(n, held);
    if (this.overlay.size > OVERLAY_MAX) this.compact();
  }

  isUnmatchable(n: number): boolean {
    return this.unmatchable[n] === 1;
  }

  /**
   * Calls visit(person, interest) for every holder of the key who can be matched. People changed
   * since the base are visited from the overlay by forEachChanged instead.
   */
  forEachHolder(key: Key, visit: (person: number, interest: boolean) => void): void {
    const list = this.lists.get(key);
    if (!list) return;
    const stale = this.overlay;
    const out = this.unmatchable;
    for (let i = 0; i < list.length; i++) {
      const entry = list[i]!;
      const n = entry >>> 1;
      if (out[n] === 1 || (stale.size > 0 && stale.has(n))) continue;
      visit(n, (entry & 1) === 1);
    }
  }

  /** The changed people who can be matched, with what they hold now. */
  forEachChanged(visit: (person: number, held: Held[]) => void): void {
    for (const [n, held] of this.overlay) if (this.unmatchable[n] !== 1) visit(n, held);
  }

  /** The ranking's working space, as long as there are people; its counts are left at zero after use. */
  scratch(): { best: Float64Array; count: Uint16Array } {
    if (this.work.count.length < this.users.length) {
      const size = Math.ceil(this.users.length * 1.25);
      this.work = { best: new Float64Array(size), count: new Uint16Array(size) };
    }
    return this.work;
  }

  /** Folds the overlay into the base lists. */
  private compact(): void {
    // sized first and filled in place: a million entries copied in milliseconds, not pushed one by one
    const changed = new Uint8Array(this.users.length);
    for (const n of this.overlay.keys()) changed[n] = 1;
    const sizes = new Map<Key, number>();
    for (const [key, list] of this.lists) {
      let kept = 0;
      for (let i = 0; i < list.length; i++) if (changed[list[i]! >>> 1] === 0) kept++;
      sizes.set(key, kept);
    }
    for (const held of this.overlay.values()) for (const h of held) sizes.set(h.key, (sizes.get(h.key) ?? 0) + 1);
    const lists = new Map<Key, Int32Array>();
    const filled = new Map<Key, number>();
    for (const [key, size] of sizes) {
      const list = new Int32Array(size);
      let at = 0;
      for (const entry of this.lists.get(key) ?? []) if (changed[entry >>> 1] === 0) list[at++] = entry;
      lists.set(key, list);
      filled.set(key, at);
    }
    for (const [n, held] of this.overlay)
      for (const h of held) {
        const at = filled.get(h.key)!;
        lists.get(h.key)![at] = (n << 1) | (h.interest ? 1 : 0);
        filled.set(h.key, at + 1);
      }
    this.lists = lists;
    this.overlay.clear();
  }
}
