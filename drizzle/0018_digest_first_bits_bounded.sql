-- The positions (0-based) of the first k set bits of a bit string, the same as 0005's version
-- gave (same name and arguments, so a replica still running older code gets the same picks).
-- The loop now runs only as many times as there are bits to find (bit_count, in C): the old one
-- ended with a position() that found nothing, a scan of the whole string. In a week of few asks
-- most people's bitmaps hold fewer than k set bits, so every call paid that scan, and a person
-- with few matching skills paid it twice (skills, then interests).
CREATE OR REPLACE FUNCTION who_can_help_first_bits(b varbit, k int) RETURNS int[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  found int[] := '{}';
  p int;
BEGIN
  -- least() ignores a null: without this, a null k would mean no limit
  IF b IS NULL OR k IS NULL THEN
    RETURN found;
  END IF;
  FOR i IN 1..least(k, bit_count(b)) LOOP
    p := position(B'1' IN b);
    found[i] := p - 1;
    b := set_bit(b, p - 1, 0);
  END LOOP;
  RETURN found;
END
$$;
