-- The positions (0-based) of the first k set bits of a bit string. Digest planning keeps each
-- person's matching asks as a bitmap over the week's asks, newest first, so their best k are
-- the first k set bits: found in C (position, set_bit) instead of sorting rows per person.
CREATE OR REPLACE FUNCTION who_can_help_first_bits(b varbit, k int) RETURNS int[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  found int[] := '{}';
  p int;
BEGIN
  IF b IS NULL THEN
    RETURN found;
  END IF;
  WHILE cardinality(found) < k LOOP
    p := position(B'1' IN b);
    EXIT WHEN p = 0;
    found := found || (p - 1);
    b := set_bit(b, p - 1, 0);
  END LOOP;
  RETURN found;
END
$$;
