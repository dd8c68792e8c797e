import UploadFileIcon from '@mui/icons-material/UploadFile';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  FormControlLabel,
  FormHelperText,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useRef, useState, type DragEvent } from 'react';
import { Title, useDataProvider, useResourceDefinitions, useTranslate } from 'react-admin';
import { useNavigate, useSearchParams } from 'react-router';
import { useHubSchema, type HubDataProvider } from '../dataProvider';
import { useAccess } from '../resources/access';
import { fileSize, useListName } from './parts';

const ACCEPT = '.xlsx,.xls,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';

/**
 * 导入 (the page a list's 导入 button opens): choose the list and the file, upload it. The hub answers at once
 * with a preview job that it works on by itself; its page (/imports/<id>/show) follows it from there.
 */
export const ImportCreate = () => {
  const translate = useTranslate();
  const { schema } = useHubSchema();
  const access = useAccess();
  const listName = useListName();
  const navigate = useNavigate();
  const dataProvider = useDataProvider<HubDataProvider>();
  const [params] = useSearchParams();
  const lists = Object.keys(useResourceDefinitions()).filter((name) => access(name).import);
  const [list, setList] = useState(params.get('list') ?? 'households');
  const [file, setFile] = useState<File | null>(null);
  const [deleteMissing, setDeleteMissing] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  if (schema && !lists.length) return <Alert severity="warning">{translate('hub.imports.not_allowed')}</Alert>;

  const choose = (chosen: File | undefined) => {
    if (!chosen) return;
    setFile(chosen);
    setError(null);
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    choose(event.dataTransfer.files[0]);
  };
  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const { id } = await dataProvider.startImport(list, file, { deleteMissing });
      navigate(`/imports/${encodeURIComponent(id)}/show`);
    } catch (failure) {
      setError((failure as Error).message);
      setBusy(false);
    }
  };

  return (
    <Box sx={{ maxWidth: 880, mt: 2 }}>
      <Title title="hub.imports.title" />
      <Card>
        <CardContent>
          <Stack spacing={3}>
            <Typography variant="h6">{translate('hub.imports.title')}</Typography>
            <TextField
              select
              label={translate('hub.imports.target')}
              value={lists.includes(list) ? list : ''}
              onChange={(event) => setList(event.target.value)}
              sx={{ maxWidth: 320 }}
              size="small"
            >
              {lists.map((name) => (
                <MenuItem key={name} value={name}>
                  {listName(name)}
                </MenuItem>
              ))}
            </TextField>
            <Box
              role="button"
              tabIndex={0}
              data-testid="import-dropzone"
              onClick={() => input.current?.click()}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') input.current?.click();
              }}
              onDragOver={(event) => {
                event.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={drop}
              sx={{
                border: 2,
                borderStyle: 'dashed',
                borderColor: dragging ? 'primary.main' : 'divider',
                bgcolor: dragging ? 'action.hover' : 'background.default',
                borderRadius: 2,
                p: 4,
                textAlign: 'center',
                cursor: 'pointer',
              }}
            >
              <UploadFileIcon color={file ? 'primary' : 'action'} sx={{ fontSize: 48 }} />
              <Typography sx={{ mt: 1 }}>
                {file ? translate('hub.imports.chosen', { name: file.name, size: fileSize(file.size) }) : translate('hub.imports.drop')}
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                {translate('hub.imports.formats')}
              </Typography>
              <input
                ref={input}
                type="file"
                accept={ACCEPT}
                hidden
                aria-label={translate('hub.imports.choose')}
                onChange={(event) => {
                  choose(event.target.files?.[0]);
                  event.target.value = '';
                }}
              />
            </Box>
            {list === 'households' ? (
              <Box>
                <FormControlLabel
                  control={<Checkbox checked={deleteMissing} onChange={(event) => setDeleteMissing(event.target.checked)} />}
                  label={translate('hub.imports.delete_missing')}
                />
                <FormHelperText sx={{ mt: -0.5, ml: 4 }}>{translate('hub.imports.delete_missing_hint')}</FormHelperText>
              </Box>
            ) : null}
            <Alert severity="info">{translate('hub.imports.preview_note')}</Alert>
            {error ? (
              <Alert severity="error" data-testid="import-error">
                {error}
              </Alert>
            ) : null}
            <Box>
              <Button
                variant="contained"
                startIcon={<UploadFileIcon />}
                disabled={!file || busy || !lists.includes(list)}
                onClick={() => void upload()}
              >
                {translate(busy ? 'hub.imports.uploading' : 'hub.imports.upload')}
              </Button>
            </Box>
          </Stack>
        </CardContent>
      </Card>
    </Box>
  );
};
