import ViewColumnIcon from '@mui/icons-material/ViewColumn';
import { Button, Checkbox, Divider, ListItemIcon, ListItemText, Menu, MenuItem } from '@mui/material';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import type { GridField } from './types';

interface Props {
  fields: readonly GridField[];
  /** the fields shown, in order */
  shown: readonly string[];
  onChange: (shown: string[]) => void;
  onReset: () => void;
}

/** Which columns the grid shows (kept per user, see useColumnPrefs); a column added goes to the end. */
export function ColumnChooser({ fields, shown, onChange, onReset }: Props) {
  const translate = useTranslate();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const toggle = (source: string) => onChange(shown.includes(source) ? shown.filter((s) => s !== source) : [...shown, source]);
  return (
    <>
      <Button size="small" startIcon={<ViewColumnIcon />} onClick={(e) => setAnchor(e.currentTarget)} aria-haspopup="menu">
        {translate('hub.grid.columns')}
      </Button>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)} slotProps={{ paper: { sx: { maxHeight: 480 } } }}>
        {fields.map((field) => (
          <MenuItem key={field.source} dense onClick={() => toggle(field.source)}>
            <ListItemIcon>
              <Checkbox size="small" edge="start" checked={shown.includes(field.source)} tabIndex={-1} disableRipple />
            </ListItemIcon>
            <ListItemText primary={field.label} />
          </MenuItem>
        ))}
        <Divider />
        <MenuItem
          dense
          onClick={() => {
            onReset();
            setAnchor(null);
          }}
        >
          {translate('hub.grid.reset_columns')}
        </MenuItem>
      </Menu>
    </>
  );
}
