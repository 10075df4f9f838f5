import { sql } from 'drizzle-orm';

/** A moment `h` hours before the database's now(), for comparing with timestamps in a statement. */
export const hoursAgo = (h: number) => sql`now() - make_interval(secs => ${h * 3600})`;
