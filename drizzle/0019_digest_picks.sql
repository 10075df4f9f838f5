-- A person's digest picks in one call: the positions (0-based) of the first k set bits of their
-- skills' bitmap, then, while fewer than k, those of their interests' bitmap. Digest planning
-- called who_can_help_first_bits once for skills in a lateral subquery and again for interests;
-- one call per person instead costs about half as much. Each loop runs only as many times as
-- there are bits to find (bit_count, in C), never ending in a search that finds nothing.
CREATE OR REPLACE FUNCTION who_can_help_digest_picks(skill varbit, interest varbit, k int) RETURNS int[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  found int[] := '{}';
  n int := 0;
  p int;
BEGIN
  -- least() ignores a null: without this, a null k would mean no limit
  IF k IS NULL THEN
    RETURN found;
  END IF;
  IF skill IS NOT NULL THEN
    n := least(k, bit_count(skill));
    FOR i IN 1..n LOOP
      p := position(B'1' IN skill);
      found[i] := p - 1;
      skill := set_bit(skill, p - 1, 0);
    END LOOP;
  END IF;
  IF interest IS NOT NULL THEN
    FOR i IN n + 1..least(k, n + bit_count(interest)) LOOP
      p := position(B'1' IN interest);
      found[i] := p - 1;
      interest := set_bit(interest, p - 1, 0);
    END LOOP;
  END IF;
  RETURN found;
END
$$;
