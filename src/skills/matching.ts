import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client';
import type { Workspace } from '../slack/workspace';
import { normaliseSkill } from './normalise';
import type { Kind } from './queries';

export interface Match {
  userId: string;
  /** The held skill or interest that matched best, as the person has it. */
  skill: string;
  kind: Kind;
  score: number;
}

export interface MatchQuery {
  text: string;
  /** Catalogue skills asked for explicitly (the ask form's picker): they match at full strength. */
  slugs?: string[];
  exclude?: string[];
  limit: number;
}

const textArray = (items: string[]): SQL =>
  items.length ? sql`array[${sql.join(items.map((i) => sql`${i}`), sql`, `)}]::text[]` : sql`'{}'::text[]`;

/** Longer words of the text, for catching typos ("photgraphy") by trigram similarity. */
function typoWords(text: string): string[] {
  const words = text.toLowerCase().match(/\p{L}[\p{L}\p{N}+#.-]{3,}/gu) ?? [];
  return [...new Set(words)].slice(0, 60);
}

/**
 * People whose skills or interests match the text, best first. A skill's words all found in the
 * text (English stems, so "blogging" finds "blog") or an exact name or alias match scores highest;
 * for short queries a skill containing every query word scores next; near spellings count for
 * less; a skill outranks an interest. Deleted people and bots never match.
 */
export async function matchPeople(db: Db, ws: Workspace, query: MatchQuery): Promise<{ matches: Match[]; total: number }> {
  const norm = normaliseSkill(query.text).norm;
  const words = typoWords(query.text);
  const short = words.length <= 4 && norm.length <= 80;
  const rows = await rowsOf<{ user_id: string; skill: string; kind: Kind; score: number; total: number }>(
    db,
    sql`
    with q as (
      select tsvector_to_array(to_tsvector('english', ${query.text})) as lex,
             tsvector_to_array(to_tsvector('simple', ${query.text})) as plain, ${norm}::text as norm,
             ${textArray(words)} as words, ${short}::boolean as short
    ),
    term_hits as (
      select t.slug, case
          when t.term = q.norm then 1.0
          when cardinality(t.lexemes) > 0 and t.lexemes <@ t.query_lex then 0.95
          when q.short and cardinality(t.query_lex) > 0 and t.lexemes @> t.query_lex then 0.75
          -- a near spelling of a one-word term ("photgraphy")
          else coalesce((select max(similarity(t.term, w)) from unnest(q.words) w), 0) * 0.8
        end as score
      from (select ct.*, case when ct.stemmed then q.lex else q.plain end as query_lex from catalogue_terms ct cross join q) t
      cross join q
      where t.term = q.norm
         or (cardinality(t.lexemes) > 0 and t.lexemes <@ t.query_lex)
         or (q.short and cardinality(t.query_lex) > 0 and t.lexemes @> t.query_lex)
         or (length(t.term) >= 5 and position(' ' in t.term) = 0
             and exists (select 1 from unnest(q.words) w where similarity(t.term, w) >= 0.5))
      union all
      select unnest(${textArray(query.slugs ?? [])}), 1.0
    ),
    free_hits as (
      select ps.norm, max(case
          when ps.norm = q.norm then 1.0
          when cardinality(ps.lexemes) > 0 and ps.lexemes <@ q.lex then 0.95
          when q.short and cardinality(q.lex) > 0 and ps.lexemes @> q.lex then 0.75
          else similarity(ps.norm, q.norm) * 0.8
        end) * 0.9 as score
      from person_skills ps cross join q
      where ps.team_id = ${ws.teamId} and ps.catalogue_slug is null and (
            ps.norm = q.norm
         or (cardinality(ps.lexemes) > 0 and ps.lexemes <@ q.lex)
         or (q.short and cardinality(q.lex) > 0 and ps.lexemes @> q.lex)
         or (q.short and ps.norm % q.norm and similarity(ps.norm, q.norm) >= 0.5))
      group by ps.norm
    ),
    matched as (
      select ps.user_id, ps.kind, ps.name, h.score
      from (select slug, max(score) as score from term_hits group by slug) h
      join person_skills ps on ps.team_id = ${ws.teamId} and ps.catalogue_slug = h.slug
      union all
      select ps.user_id, ps.kind, ps.name, f.score
      from free_hits f
      join person_skills ps on ps.team_id = ${ws.teamId} and ps.catalogue_slug is null and ps.norm = f.norm
    ),
    ranked as (
      select m.user_id, m.name, m.kind, m.score * (case m.kind when 'skill' then 1.0 else 0.6 end) as s
      from matched m
      left join people p on p.team_id = ${ws.teamId} and p.user_id = m.user_id
      where not coalesce(p.deleted, false) and not coalesce(p.is_bot, false)
        and m.user_id <> all(${textArray(query.exclude ?? [])})
    ),
    per_person as (
      select user_id,
             (array_agg(name order by s desc, name))[1] as skill,
             (array_agg(kind order by s desc, name))[1] as kind,
             max(s) + 0.05 * (count(*) - 1) as score
      from ranked group by user_id
    )
    select user_id, skill, kind::text as kind, score::float8 as score, (count(*) over ())::int as total
    from per_person order by score desc, user_id limit ${query.limit}`,
  );
  return {
    matches: rows.map((r) => ({ userId: r.user_id, skill: r.skill, kind: r.kind, score: Number(r.score) })),
    total: rows[0]?.total ?? 0,
  };
}

/** Names of the catalogue skills the text asks for (shown on the ask), best first. */
export async function skillsInText(db: Db, text: string, slugs: string[] = []): Promise<string[]> {
  const rows = await rowsOf<{ name: string }>(
    db,
    sql`
    with q as (select tsvector_to_array(to_tsvector('english', ${text})) as lex,
                      tsvector_to_array(to_tsvector('simple', ${text})) as plain)
    select s.name from catalogue_skills s
    where s.slug = any(${textArray(slugs)})
       or exists (select 1 from catalogue_terms t cross join q
                  where t.slug = s.slug and cardinality(t.lexemes) > 0
                    and t.lexemes <@ (case when t.stemmed then q.lex else q.plain end))
    order by s.name limit 10`,
  );
  return rows.map((r) => r.name);
}
