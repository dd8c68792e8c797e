"""A partner unit's sync job: keeps a local SQLite copy of what the unit may see in fupin-hub.

    HUB_URL=http://localhost:4000/graphql HUB_TOKEN=fph_... python3 partner_sync.py [copy.db]

Run it as often as you like (cron, every few minutes). The first run takes a snapshot; later runs fetch
only what changed. Each page is applied and its cursor stored in ONE local transaction, so a crash or a
network error never skips or half-applies a page: the next run simply repeats it.
"""
import json
import os
import sqlite3
import sys

import requests

HUB_URL = os.environ.get("HUB_URL", "http://localhost:4000/graphql")
TOKEN = os.environ["HUB_TOKEN"]

# Ask for the fields your copy keeps; every record type the unit may pull is listed in the schema's TwinningChange union.
QUERY = """
query Pull($since: String, $first: Int) {
  twinningChanges(since: $since, first: $first) {
    cursor
    hasMore
    changes {
      __typename
      ... on Node { id }
      ... on Cadre { version name mobile position helperUnit { id } }
      ... on UnitVillagePairing { version isLead startDate endDate village { id name } }
      ... on WorkTeamAssignment { version role startDate endDate cadre { id } village { id name } }
      ... on Household { version householdNumber status village { id name } }
      ... on Member { version name sex relation health laborAbility household { id } }
      ... on CadreHouseholdPairing { version startDate endDate note cadre { id } household { id } }
      ... on VisitLog { version visitedOn mode content followUps pairing { id } }
      ... on AssistanceMeasure { version actionCategory description startedOn amount pairing { id } }
      ... on HelperUnit { version name }
      ... on HouseholdIncome { version year netIncome household { id } }
      ... on DeletedRecord { id typename deletedAt }
    }
  }
}
"""


def open_copy(path):
    db = sqlite3.connect(path)
    db.execute("create table if not exists record (id text primary key, typename text not null, version integer not null, data text not null)")
    db.execute("create table if not exists sync_state (only_row integer primary key check (only_row = 1), cursor text)")
    return db


def pull_page(session, since):
    response = session.post(HUB_URL, json={"query": QUERY, "variables": {"since": since, "first": 500}}, timeout=60)
    response.raise_for_status()
    body = response.json()
    if body.get("errors"):
        error = body["errors"][0]
        # BAD_USER_INPUT on `since`: the cursor expired (the hub pruned its change log) -> start again from a snapshot
        if error.get("extensions", {}).get("code") == "BAD_USER_INPUT" and any(f.get("field") == "since" for f in error["extensions"].get("fields", [])):
            raise CursorExpired(error["message"])
        raise RuntimeError(json.dumps(body["errors"], ensure_ascii=False))
    return body["data"]["twinningChanges"]


class CursorExpired(Exception):
    pass


def sync(db):
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {TOKEN}", "Accept-Language": "zh-CN"})
    row = db.execute("select cursor from sync_state").fetchone()
    since = row[0] if row else None
    upserts = deletes = 0
    while True:
        try:
            page = pull_page(session, since)
        except CursorExpired as expired:
            print(f"cursor expired ({expired}); taking a new snapshot")
            with db:
                db.execute("delete from record")
                db.execute("delete from sync_state")
            since = None
            continue
        with db:  # one local transaction: apply the page, then store its cursor
            if since is None:
                db.execute("delete from record")  # a snapshot replaces the whole copy
            for change in page["changes"]:
                if change["__typename"] == "DeletedRecord":
                    db.execute("delete from record where id = ?", (change["id"],))
                    deletes += 1
                else:
                    db.execute(
                        "insert into record (id, typename, version, data) values (?, ?, ?, ?) "
                        "on conflict (id) do update set version = excluded.version, data = excluded.data",
                        (change["id"], change["__typename"], change["version"], json.dumps(change, ensure_ascii=False)),
                    )
                    upserts += 1
            db.execute("insert into sync_state (only_row, cursor) values (1, ?) on conflict (only_row) do update set cursor = excluded.cursor", (page["cursor"],))
        since = page["cursor"]
        if not page["hasMore"]:
            break
    counts = db.execute("select typename, count(*) from record group by typename order by typename").fetchall()
    print(f"applied {upserts} records and {deletes} tombstones; the copy holds:", ", ".join(f"{t} {n}" for t, n in counts))


if __name__ == "__main__":
    sync(open_copy(sys.argv[1] if len(sys.argv) > 1 else "partner-copy.db"))
