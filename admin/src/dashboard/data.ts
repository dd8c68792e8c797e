import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import type { Role } from '../authProvider';
import { BAD_RESPONSE, GraphQLRequestError, NETWORK_ERROR, graphql, type Variables } from '../graphql';
import {
  CODE_LABELS,
  CODE_TABLES,
  COUNTIES,
  DAY_OF_RECORD,
  SCOPE,
  recordPeriod,
  type AreaRef,
  type DayOfRecord,
  type RecordPeriod,
} from './queries';

/**
 * The dashboard reads the hub with plain GraphQL documents through react-query (react-admin's own client, so
 * its cache and refresh button cover these too); it needs no data provider. Figures change slowly: a minute
 * fresh, so moving around the admin and back does not ask again.
 */
export function useHubQuery<T>(key: readonly unknown[], document: string, variables?: Variables, enabled = true): UseQueryResult<T> {
  return useQuery<T>({
    queryKey: ['dashboard', ...key, variables ?? null],
    queryFn: ({ signal }) => graphql<T>(document, variables, { signal }),
    ...QUERY_OPTIONS,
    enabled,
  });
}

/** Fresh for a minute; asked again only when the hub was not reached (a refusal would only repeat). */
export const QUERY_OPTIONS = {
  staleTime: 60_000,
  retry: (failures: number, error: Error) =>
    failures < 2 && error instanceof GraphQLRequestError && (error.code === NETWORK_ERROR || error.code === BAD_RESPONSE),
};

/** A part of the county the figures are asked for: the county itself (no ID), or a clerk's township or village. */
export interface Area extends AreaRef {
  name: string;
}

interface Named {
  id: string;
  name: string;
}

export interface DashboardScope {
  role: Role;
  /** what the figures cover: the county, or each division of a clerk's scope */
  areas: Area[];
  /** a partner's helper unit */
  helperUnit: Named | null;
}

/** The signed-in user's role and scope, as the server applies it to every figure below. */
export function useDashboardScope(): { scope: DashboardScope | undefined; isPending: boolean; error: Error | null } {
  const translate = useTranslate();
  const result = useHubQuery<{ me: { role: Role; helperUnit: Named | null; townships: Named[]; villages: Named[] } | null }>(
    ['scope'],
    SCOPE,
  );
  const me = result.data?.me;
  const scope = useMemo<DashboardScope | undefined>(() => {
    if (!me) return undefined;
    const areas: Area[] =
      me.role === 'CLERK'
        ? [
            ...me.townships.map((t) => ({ ...t, kind: 'township' as const })),
            ...me.villages.map((v) => ({ ...v, kind: 'village' as const })),
          ]
        : me.role === 'PARTNER'
          ? []
          : [{ id: null, kind: 'county', name: translate('hub.dashboard.scope.county') }];
    return { role: me.role, areas, helperUnit: me.helperUnit };
  }, [me, translate]);
  return { scope, isPending: result.isPending, error: result.error };
}

/** "本乡镇 · 泗城镇" on a clerk's cards, "全县" on the county's (the chosen county's name, "全部县" for all of a hub's). */
export function useScopeLabel(areas: Area[]): string {
  const translate = useTranslate();
  const first = areas[0];
  if (!first) return translate('hub.dashboard.scope.county');
  if (first.kind === 'county') return first.name;
  return `${translate(`hub.dashboard.scope.${first.kind}`)} · ${areas.map((a) => a.name).join('、')}`;
}

/** A card's title (its section's `title` in the translations) over whose figures these are (useScopeLabel). */
export function useScopeHeader(section: string, areas: Area[], values?: Record<string, unknown>): { title: string; subheader: string } {
  const translate = useTranslate();
  return { title: translate(`hub.dashboard.${section}.title`, values), subheader: useScopeLabel(areas) };
}

/**
 * The counties the reader sees when there is a choice to make (issue 16): more than one, else none — a
 * one-county hub's dashboard looks as it always did. Not asked for a clerk's or a partner's.
 */
export function useCountyChoice(enabled: boolean): Named[] {
  const result = useHubQuery<{ counties: { nodes: Named[] } }>(['counties'], COUNTIES, undefined, enabled);
  const nodes = result.data?.counties.nodes ?? [];
  return nodes.length > 1 ? nodes : [];
}

/** The county's day of record and the years the cards show, from the hub. */
export function useRecordPeriod(): { period: RecordPeriod | undefined; isPending: boolean; error: Error | null } {
  const result = useHubQuery<{ dayOfRecord: DayOfRecord }>(['dayOfRecord'], DAY_OF_RECORD);
  const day = result.data?.dayOfRecord;
  const period = useMemo(() => (day ? recordPeriod(day) : undefined), [day]);
  return { period, isPending: result.isPending, error: result.error };
}

interface CodeTables {
  codeTables: { name: string; entries: { value: string; zh: string; en: string }[] }[];
}

/** Labels of the hub's codes (fund levels, statuses…) in the UI's language, from the hub's own code tables. */
export function useCodeLabels(): (table: string, value: string | null | undefined) => string {
  const [locale] = useLocaleState();
  const { data } = useHubQuery<CodeTables>(['codes'], CODE_LABELS, { names: CODE_TABLES });
  return useMemo(() => {
    const labels = new Map<string, string>();
    for (const table of data?.codeTables ?? []) {
      for (const entry of table.entries) labels.set(`${table.name}.${entry.value}`, locale === 'en' ? entry.en : entry.zh);
    }
    return (table: string, value: string | null | undefined) => (value == null ? '—' : (labels.get(`${table}.${value}`) ?? value));
  }, [data, locale]);
}

/** Figures formatted for the UI's language: 16,000 people, 25.3 %, 1,234.5 (10k yuan). */
export function useFormat() {
  const [locale] = useLocaleState();
  return useMemo(() => {
    const tag = locale === 'en' ? 'en' : 'zh-CN';
    const integer = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
    const oneDecimal = new Intl.NumberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'short', timeStyle: 'short', timeZone: 'Asia/Shanghai' });
    const day = new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'UTC' });
    return {
      integer: (n: number | null | undefined) => (n == null ? '—' : integer.format(n)),
      oneDecimal: (n: number | null | undefined) => (n == null ? '—' : oneDecimal.format(n)),
      /** exact decimal yuan (a string from the hub) in 万元, for charts and tables */
      tenThousands: (amount: string | null | undefined) => (amount == null ? 0 : Math.round(Number(amount) / 1000) / 10),
      dateTime: (iso: string) => dateTime.format(new Date(iso)),
      /** a calendar day (ISO, no time): 2016年6月30日, June 30, 2016 */
      day: (iso: string) => day.format(new Date(`${iso}T00:00:00Z`)),
    };
  }, [locale]);
}
