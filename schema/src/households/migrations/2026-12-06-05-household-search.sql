-- The households search (HouseholdFilter.search) looks for the beginning of a household number or of a
-- member's name: `like 'text%'`, which a plain index serves only under the C collation. These serve it
-- under any collation (a county's database may well be zh_CN.UTF-8).
create index household_number_prefix on household (household_number text_pattern_ops);
--;;
create index member_name_prefix on member (name text_pattern_ops);
