-- The same GB 11643-1999 check as before, with the birth date tested by arithmetic instead of make_date()
-- inside an exception block: every call of a PL/pgSQL block with an EXCEPTION clause opens a subtransaction,
-- and the member table's CHECK calls it once a row (53,585 calls for the demo county's import).
-- Still PL/pgSQL: an inlined SQL version recomputes the char(18) → text cast at each of its 40 references.
create or replace function hub_resident_id_valid(id text) returns boolean language plpgsql immutable strict parallel safe as $$
declare
  y int;
  m int;
  d int;
begin
  if id !~ '^[0-9]{17}[0-9X]$' then return false; end if;
  -- ISO 7064 MOD 11-2: the digits weighted 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
  if substr('10X98765432', (7 * (ascii(substr(id, 1, 1)) - 48) + 9 * (ascii(substr(id, 2, 1)) - 48) + 10 * (ascii(substr(id, 3, 1)) - 48)
      + 5 * (ascii(substr(id, 4, 1)) - 48) + 8 * (ascii(substr(id, 5, 1)) - 48) + 4 * (ascii(substr(id, 6, 1)) - 48)
      + 2 * (ascii(substr(id, 7, 1)) - 48) + 1 * (ascii(substr(id, 8, 1)) - 48) + 6 * (ascii(substr(id, 9, 1)) - 48)
      + 3 * (ascii(substr(id, 10, 1)) - 48) + 7 * (ascii(substr(id, 11, 1)) - 48) + 9 * (ascii(substr(id, 12, 1)) - 48)
      + 10 * (ascii(substr(id, 13, 1)) - 48) + 5 * (ascii(substr(id, 14, 1)) - 48) + 8 * (ascii(substr(id, 15, 1)) - 48)
      + 4 * (ascii(substr(id, 16, 1)) - 48) + 2 * (ascii(substr(id, 17, 1)) - 48)) % 11 + 1, 1) <> substr(id, 18, 1) then
    return false;
  end if;
  -- a real date: year from 1, month 1-12, day within the month (Gregorian leap years, as make_date has them)
  y := substr(id, 7, 4)::int;
  m := substr(id, 11, 2)::int;
  d := substr(id, 13, 2)::int;
  return y >= 1 and m between 1 and 12 and d between 1 and case
    when m = 2 then case when y % 4 = 0 and (y % 100 <> 0 or y % 400 = 0) then 29 else 28 end
    when m in (4, 6, 9, 11) then 30
    else 31 end;
end $$;
