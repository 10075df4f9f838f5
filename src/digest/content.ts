import { z } from 'zod';

/** What one person's digest says; planned in SQL, stored as JSON, rendered at delivery. */
export const digestContent = z.object({
  /**
   * Best first (their skills, then interests, newest first; for people with no skills, just newest),
   * as positions in the week's list of asks (digest_weeks.ask_ids).
   */
  matches: z.array(z.number().int().nonnegative()),
  moreMatches: z.number(),
  own: z.array(z.object({ askId: z.string(), volunteers: z.number(), replies: z.number() })),
  moreOwn: z.number(),
  noSkills: z.boolean(),
  askChannel: z.string().nullable(),
});

export type DigestContent = z.infer<typeof digestContent>;

/** The plan with its matches turned back into ask ids, ready to render. */
export type DigestToSend = Omit<DigestContent, 'matches'> & { matches: Array<{ askId: string }> };

/** An ask as the digest shows it, read when the digest is sent (so a resolved one drops out). */
export interface DigestAsk {
  id: string;
  askerId: string;
  /** Asked anonymously: "Someone asks", never the asker. */
  anonymous?: boolean;
  text: string;
  permalink: string | null;
  status: string;
  /** Its channel is private (or became so after planning): shown to nobody but its asker. */
  isPrivate: boolean;
  /** Catalogue skills the ask wants. */
  skills: string[];
}

/** The reader's skills then interests, for saying why an ask is there ("matches your Blogging"). */
export type ReaderSkills = string[];

/** Asks shown per section; the rest are counted. */
export const DIGEST_SECTION_MAX = 10;
