drop table household_income;
--;;
drop table member;
--;;
drop table household;
--;;
drop function hub_resident_id_valid(text);