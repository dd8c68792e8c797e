create or replace function hub_resident_id_valid(id text) returns boolean language plpgsql immutable strict as $$
declare
  weights int[] := array[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2];
  total int := 0;
begin
  if id !~ '^[0-9]{17}[0-9X]$' then return false; end if;
  for i in 1..17 loop
    total := total + substr(id, i, 1)::int * weights[i];
  end loop;
  if substr('10X98765432', total % 11 + 1, 1) <> substr(id, 18, 1) then return false; end if;
  begin
    return make_date(substr(id, 7, 4)::int, substr(id, 11, 2)::int, substr(id, 13, 2)::int) is not null;
  exception when others then
    return false;
  end;
end $$;
