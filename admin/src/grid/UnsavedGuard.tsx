import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import { useEffect, useRef } from 'react';
import { useTranslate } from 'react-admin';
import { useBlocker } from 'react-router';

/** A cell editor of the grid is open (Glide portals it into #portal): what is typed there is not saved yet. */
function editorOpen(): boolean {
  return document.querySelector('#portal .gdg-clip-region') !== null;
}

/**
 * Unsaved edits are never lost silently: closing or reloading the tab asks the browser's question, and
 * leaving the page inside the app asks ours.
 */
export function UnsavedGuard({ dirty, onDiscard }: { dirty: boolean; onDiscard: () => void }) {
  const translate = useTranslate();
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  const isDirty = () => dirtyRef.current || editorOpen();

  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (!isDirty()) return;
      event.preventDefault();
      event.returnValue = ''; // older Chromium asks only when returnValue is set
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);

  const blocker = useBlocker(({ currentLocation, nextLocation }) => currentLocation.pathname !== nextLocation.pathname && isDirty());

  return (
    <Dialog open={blocker.state === 'blocked'} onClose={() => blocker.reset?.()}>
      <DialogTitle>{translate('hub.grid.leave_title')}</DialogTitle>
      <DialogContent>
        <DialogContentText>{translate('hub.grid.leave_body')}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button autoFocus variant="contained" onClick={() => blocker.reset?.()}>
          {translate('hub.grid.leave_stay')}
        </Button>
        <Button
          color="error"
          onClick={() => {
            onDiscard();
            blocker.proceed?.();
          }}
        >
          {translate('hub.grid.leave_go')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
