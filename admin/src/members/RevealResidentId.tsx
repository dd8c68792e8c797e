import VisibilityIcon from '@mui/icons-material/Visibility';
import { Button, Typography } from '@mui/material';
import { useState } from 'react';
import { useRecordContext, useTranslate } from 'react-admin';
import { useResourceSchema } from '../dataProvider';
import { useRequest } from '../useRequest';

/**
 * Resident ID numbers always read masked; a user the hub lets reveal them (an administrator, a clerk:
 * `revealable` in its metadata) asks for the full number here, and the hub writes that to the audit log
 * (shared/docs/security.md).
 */
export const RevealResidentId = () => {
  const record = useRecordContext();
  const revealable = useResourceSchema('members')?.fields.find((f) => f.name === 'residentId')?.revealable;
  const translate = useTranslate();
  const [, request] = useRequest();
  const [full, setFull] = useState<string | null>(null);
  if (!record?.residentId || !revealable) return null;
  if (full) {
    return (
      <Typography component="span" sx={{ fontFamily: 'monospace', alignSelf: 'center', mr: 2 }} data-testid="full-resident-id">
        {full}
      </Typography>
    );
  }
  const reveal = () => request(async (hub) => setFull(await hub.revealResidentId(record.id)));
  return (
    <Button size="small" startIcon={<VisibilityIcon />} onClick={() => void reveal()} title={translate('hub.members.reveal_hint')}>
      {translate('hub.members.reveal')}
    </Button>
  );
};
