-- A member's village (migration 2026-12-06-23) was looked up from its household by a row trigger on every
-- insert: a PL/pgSQL call and a query a row, which an import of a county pays 570,000 times although its
-- merge knows each row's village already. An insert may now name the village itself: the row trigger looks
-- it up only where the insert leaves it empty, and one check a statement (its new rows, a transition table,
-- one join with their households) refuses any row whose village is not its household's, so no writer places
-- a member elsewhere. An update naming household_id or village_id still gets the household's village from
-- the row trigger, as before; a household's move still takes its members along (hub_household_records_moved).
drop trigger member_place on member
--;;
create trigger member_place before insert on member for each row when (new.village_id is null) execute function hub_place_by_household()
--;;
-- named to fire before member_touch, as member_place does (triggers of one event fire by name)
create trigger member_place_moved before update of household_id, village_id on member for each row execute function hub_place_by_household()
--;;
-- security definer: the household is read whatever the writer's row security (its foreign key has checked that it exists)
create function hub_member_place_checked() returns trigger language plpgsql security definer set search_path = public, pg_catalog as $$
declare
  wrong record;
begin
  select n.id, n.household_id, n.village_id, h.village_id as household_village into wrong
    from new_members n join household h on h.id = n.household_id where n.village_id <> h.village_id limit 1;
  if found then
    raise exception using errcode = '23503', constraint = 'member_place',
      message = format('成员的行政村（%s）不是其所在户的行政村（%s） / a member''s village (%s) must be its household''s (%s)',
        wrong.village_id, wrong.household_village, wrong.village_id, wrong.household_village),
      detail = format('Key (household_id, village_id)=(%s, %s) is not the place of household %s.', wrong.household_id, wrong.village_id, wrong.household_id);
  end if;
  return null;
end $$
--;;
create trigger member_place_checked after insert on member referencing new table as new_members
  for each statement execute function hub_member_place_checked()
