drop index member_name_prefix;
--;;
drop index household_number_prefix;
