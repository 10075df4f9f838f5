import { z } from 'zod';

/** What one person's digest says; planned in SQL, stored as JSON, rendered at delivery. */
export const digestContent = z.object({
  matches: z.array(
    z.object({
      askId: z.string(),
      askerId: z.string(),
      channelId: z.string(),
      text: z.string(),
      permalink: z.string().nullable(),
      /** The person's skill it matched; null for people with no skills, who see what is new. */
      skill: z.string().nullable(),
    }),
  ),
  moreMatches: z.number(),
  own: z.array(
    z.object({ askId: z.string(), text: z.string(), permalink: z.string().nullable(), volunteers: z.number(), replies: z.number() }),
  ),
  moreOwn: z.number(),
  noSkills: z.boolean(),
  askChannel: z.string().nullable(),
});

export type DigestContent = z.infer<typeof digestContent>;

/** Asks shown per section; the rest are counted. */
export const DIGEST_SECTION_MAX = 10;
