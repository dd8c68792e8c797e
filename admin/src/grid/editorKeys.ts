import type { KeyboardEvent } from 'react';

/** Where the selection goes after an editor closes: [columns, rows]. */
export type Movement = readonly [-1 | 0 | 1, -1 | 0 | 1];

/**
 * Enter, Tab and Shift+Tab close a cell editor, saving, and move down, right or left (as in Excel and as
 * Glide does). Our editors finish on these keys themselves, at once, with what the editor holds: Glide's
 * overlay finishes from a timer set by EVERY key, and when the page is busy the timer of the last typed
 * character can run after Enter and close the editor without saving — a fast clerk's edit lost. Finishing
 * here marks the overlay finished, so those late timers do nothing. Returns undefined for any other key,
 * and for Enter confirming an IME composition (拼音输入法), which is the input method's.
 */
export function finishingMove(event: KeyboardEvent): Movement | undefined {
  if (event.nativeEvent.isComposing) return undefined;
  if (event.key === 'Enter' && !event.shiftKey && !event.altKey) return [0, 1];
  if (event.key === 'Tab') return [event.shiftKey ? -1 : 1, 0];
  return undefined;
}
