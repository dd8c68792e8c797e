-- A clerk often knows a member's given name only (小明 for 韦小明): the households search also looks for the
-- beginning of the name without its surname, one character or two for a compound surname (复姓, the list of
-- COMPOUND_SURNAMES in schema/src/demo/names.ts). Immutable, so that an index can hold it; text_pattern_ops
-- serves `like 'text%'` under any collation, as member_name_prefix does for the whole name.
create function hub_given_name(name text) returns text language sql immutable parallel safe as $$
  select case
    when length(name) > 2 and left(name, 2) = any (array['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '令狐', '端木', '西门', '南宫', '独孤', '澹台', '公冶', '宗政', '濮阳', '淳于', '单于', '太叔', '申屠', '轩辕', '闻人', '万俟', '呼延', '赫连', '钟离', '百里', '东郭', '拓跋', '司空'])
      then substr(name, 3)
    else substr(name, 2)
  end
$$;
--;;
create index member_given_name_prefix on member (hub_given_name(name) text_pattern_ops);
