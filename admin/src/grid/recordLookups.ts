/**
 * Records looked up by id, each id asked at most once while its answer is on the way: an ask for an id in
 * flight awaits the request already sent instead of sending another. The grid asks for its link cells'
 * records whenever its rows change (the next block arrives, an edit is made), often before the last answer
 * has come; without this it sent the same ids again. Answered ids are forgotten here: the grid keeps the names
 * it has (useReferenceNames), and an id whose request failed may be asked for again.
 */

/** Reads the records of `resource` with these ids: by id, those that came back (one gone or out of scope does not). */
export type ReadRecords<T> = (resource: string, ids: string[]) => Promise<ReadonlyMap<string, T>>;

/** Each id asked for and its record (undefined when it did not come back), in the order asked. */
export type LookUp<T> = (resource: string, ids: Iterable<string>) => Promise<(readonly [id: string, record: T | undefined])[]>;

export function recordLookups<T>(read: ReadRecords<T>): LookUp<T> {
  const inFlight = new Map<string, Promise<T | undefined>>();
  const keyOf = (resource: string, id: string) => `${resource}:${id}`;
  return (resource, ids) => {
    const asked = [...new Set(ids)];
    const fresh = asked.filter((id) => !inFlight.has(keyOf(resource, id)));
    if (fresh.length) {
      const answer = read(resource, fresh);
      for (const id of fresh) {
        const key = keyOf(resource, id);
        const record = answer.then((records) => records.get(id));
        inFlight.set(key, record);
        const forget = () => inFlight.delete(key);
        record.then(forget, forget);
      }
    }
    return Promise.all(asked.map((id) => inFlight.get(keyOf(resource, id))!.then((record) => [id, record] as const)));
  };
}
