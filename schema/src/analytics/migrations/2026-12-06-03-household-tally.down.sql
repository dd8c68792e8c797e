drop trigger household_tally_insert on household_size;
--;;
drop trigger household_tally_update on household_size;
--;;
drop trigger household_tally_delete on household_size;
--;;
drop function hub_household_tally_apply();
--;;
drop table household_tally;
--;;
drop policy hub_read on household_size;
--;;
alter table household_size disable row level security;
--;;
drop trigger household_size_regrouped on household;
--;;
drop function hub_household_size_regrouped();
--;;
create or replace function hub_household_size_new() returns trigger language plpgsql as $$
begin
  insert into household_size (household_id, members)
    select household_id, count(*) from new_members group by household_id order by household_id
  on conflict (household_id) do update set members = household_size.members + excluded.members;
  return null;
end $$;
--;;
create or replace function hub_household_size_old() returns trigger language plpgsql as $$
begin
  update household_size s set members = s.members - o.n
    from (select household_id, count(*) as n from old_members group by household_id order by household_id) o
    where s.household_id = o.household_id;
  return null;
end $$;
--;;
create or replace function hub_household_size_moved() returns trigger language plpgsql as $$
begin
  -- only members whose household changed: most updates leave the counts alone
  update household_size s set members = s.members + d.n
    from (select household_id, sum(n)::int as n from (
            select n.household_id, 1 as n from new_members n join old_members o on o.id = n.id where o.household_id <> n.household_id
            union all
            select o.household_id, -1 from new_members n join old_members o on o.id = n.id where o.household_id <> n.household_id) c
          group by household_id order by household_id) d
    where s.household_id = d.household_id;
  return null;
end $$;
--;;
create or replace function hub_household_size_start() returns trigger language plpgsql as $$
begin
  insert into household_size (household_id) select id from new_households on conflict do nothing;
  return null;
end $$;
--;;
alter table household_size drop column village_id, drop column status, drop column identification_year, drop column exit_year,
  drop column return_year, drop column insured, drop column dropouts;
