drop trigger member_place_checked on member
--;;
drop function hub_member_place_checked()
--;;
drop trigger member_place_moved on member
--;;
drop trigger member_place on member
--;;
create trigger member_place before insert or update of household_id, village_id on member for each row execute function hub_place_by_household()
