create table sign_in_failure (
    key text not null check (length(key) <= 200),
    failed_at timestamptz not null default now()
  )
--;;
create index sign_in_failure_key on sign_in_failure (key, failed_at)
--;;
create index sign_in_failure_failed_at on sign_in_failure (failed_at)
