drop index member_given_name_prefix;
--;;
drop function hub_given_name(text);
