
create function hub_touch() returns trigger language plpgsql as $$
begin
  -- Writers compare versions (optimistic concurrency); the database keeps the count honest.
  new.version := old.version + 1;
  new.updated_at := now();
  return new;
end $$;
