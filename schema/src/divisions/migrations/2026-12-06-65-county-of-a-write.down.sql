drop function hub_county_of_write()
--;;
drop function hub_default_county()
