import CloseIcon from '@mui/icons-material/Close';
import KeyboardArrowDownIcon from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowUpIcon from '@mui/icons-material/KeyboardArrowUp';
import { IconButton, InputBase, Paper, Typography } from '@mui/material';
import { useMemo, useState } from 'react';
import { useTranslate } from 'react-admin';

export interface FindBarProps {
  cols: number;
  rows: number;
  /** the text a cell shows (labels, names, 是/否), as a clerk reads it */
  textAt: (col: number, row: number) => string;
  /** select the found cell and bring it into view (the focus stays in the find box) */
  onFound: (col: number, row: number) => void;
  onClose: () => void;
}

/**
 * Ctrl+F over the grid: finds text among the loaded rows' visible cells, row by row, and selects the match;
 * Enter/F3 the next, Shift+Enter/Shift+F3 the previous, Esc closes (back to the grid). Glide's own search
 * box speaks only English, so the grid has this one.
 */
export function FindBar({ cols, rows, textAt, onFound, onClose }: FindBarProps) {
  const translate = useTranslate();
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(-1);
  const matches = useMemo(() => {
    const needle = query.trim().toLowerCase();
    if (!needle) return [];
    const found: [number, number][] = [];
    for (let row = 0; row < rows; row++)
      for (let col = 0; col < cols; col++) if (textAt(col, row).toLowerCase().includes(needle)) found.push([col, row]);
    return found;
  }, [query, rows, cols, textAt]);

  const go = (delta: 1 | -1) => {
    if (!matches.length) return;
    const next = index < 0 ? (delta > 0 ? 0 : matches.length - 1) : (index + delta + matches.length) % matches.length;
    setIndex(next);
    onFound(...matches[next]!);
  };

  return (
    <Paper
      elevation={3}
      sx={{ position: 'absolute', right: 16, top: 8, zIndex: 20, display: 'flex', alignItems: 'center', px: 1, gap: 0.5 }}
      data-testid="find-bar"
    >
      <InputBase
        autoFocus
        value={query}
        placeholder={translate('hub.grid.find')}
        inputProps={{ 'aria-label': translate('hub.grid.find') }}
        onChange={(e) => {
          setQuery(e.target.value);
          setIndex(-1);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === 'F3') {
            e.preventDefault();
            go(e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            onClose();
          }
        }}
        sx={{ width: 180, fontSize: 14 }}
      />
      <Typography variant="caption" color="text.secondary" sx={{ minWidth: 48, textAlign: 'right' }} data-testid="find-count">
        {query.trim() ? (matches.length ? `${index < 0 ? 0 : index + 1} / ${matches.length}` : translate('hub.grid.find_none')) : ''}
      </Typography>
      <IconButton size="small" aria-label={translate('hub.grid.find_previous')} disabled={!matches.length} onClick={() => go(-1)}>
        <KeyboardArrowUpIcon fontSize="small" />
      </IconButton>
      <IconButton size="small" aria-label={translate('hub.grid.find_next')} disabled={!matches.length} onClick={() => go(1)}>
        <KeyboardArrowDownIcon fontSize="small" />
      </IconButton>
      <IconButton size="small" aria-label={translate('ra.action.close')} onClick={onClose}>
        <CloseIcon fontSize="small" />
      </IconButton>
    </Paper>
  );
}
