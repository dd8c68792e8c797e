/** Small pieces the import pages share: the status chip, the counts, sizes and times as the UI's language writes them. */
import { Card, CardContent, Chip, CircularProgress, type CardProps } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import { RUNNING, type ImportCount, type ImportStatus } from '../dataProvider';

const STATUS_COLOR: Record<ImportStatus, 'default' | 'primary' | 'info' | 'success' | 'warning' | 'error'> = {
  READING: 'primary',
  CHECKING: 'primary',
  WRITING: 'primary',
  PREVIEWED: 'info',
  REFUSED: 'warning',
  APPLIED: 'success',
  FAILED: 'error',
  UNDOING: 'primary',
  UNDONE: 'default',
};

export function StatusChip({ status, size = 'small' }: { status: ImportStatus; size?: 'small' | 'medium' }) {
  const translate = useTranslate();
  return (
    <Chip
      size={size}
      color={STATUS_COLOR[status]}
      variant={status === 'UNDONE' ? 'outlined' : 'filled'}
      label={translate(`hub.imports.status.${status}`)}
      icon={RUNNING.has(status) ? <CircularProgress size={12} color="inherit" sx={{ ml: 0.5 }} /> : undefined}
      data-status={status}
    />
  );
}

/** One card of an import page. */
export const Panel = ({ children, ...card }: CardProps) => (
  <Card {...card}>
    <CardContent>{children}</CardContent>
  </Card>
);

/** "新增 3 · 修改 0 · 不变 1" over every record type of the job. */
export function useCountsSummary(): (counts: ImportCount[]) => string {
  const translate = useTranslate();
  return (counts) => {
    if (!counts.length) return translate('hub.imports.counts.none');
    const sum = (key: 'created' | 'updated' | 'unchanged') => counts.reduce((total, c) => total + c[key], 0);
    return translate('hub.imports.counts.summary', { created: sum('created'), updated: sum('updated'), unchanged: sum('unchanged') });
  };
}

/** A moment as the UI's language writes it (2026/12/2 05:12). */
export function useDateTime(): (iso: string | null | undefined) => string {
  const [locale] = useLocaleState();
  return (iso) => (iso ? new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }) : '—');
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A list's name as the menu shows it (贫困户 / Households). */
export function useListName(): (list: string) => string {
  const translate = useTranslate();
  return (list) => translate(`resources.${list}.name`, { smart_count: 2, _: list });
}
