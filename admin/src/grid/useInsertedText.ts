import { useEffect, type RefObject } from 'react';

/**
 * Text that reaches a selected cell without key events: an input method that commits whole words
 * (handwriting, voice, some 拼音 IMEs), or a composition ended on the grid. Glide starts editing only on a
 * printable ASCII key, so such text was lost. The grid's canvas is made an editing host so that the browser
 * delivers this text to it at all; the text is taken here (never written into the page) and the cell's
 * editor is opened, starting with it.
 */
let inserted: { text: string; at: number } | null = null;
/** An editor mounting later than this did not open for the inserted text (a read-only cell opened none). */
const FRESH_MS = 2000;

/** The text that opened the editor now mounting, once (the editors start with it instead of Glide's initial key). */
export function takeInsertedText(): string | undefined {
  const taken = inserted;
  inserted = null;
  return taken && Date.now() - taken.at < FRESH_MS ? taken.text : undefined;
}

/** A key Glide opens the cell editor on (editOnType); the editor then starts with the inserted text instead. */
const OPENING_KEY = 'a';

export function useInsertedText(container: RefObject<HTMLElement | null>, enabled: boolean) {
  useEffect(() => {
    const root = container.current;
    if (!root || !enabled) return;
    const canvas = root.querySelector<HTMLElement>('[data-testid="data-grid-canvas"]');
    if (!canvas) return;
    canvas.contentEditable = 'true';
    const start = (text: string) => {
      if (!text) return;
      inserted = { text, at: Date.now() };
      const target = document.activeElement instanceof HTMLElement && canvas.contains(document.activeElement) ? document.activeElement : canvas;
      target.dispatchEvent(new KeyboardEvent('keydown', { key: OPENING_KEY, bubbles: true, cancelable: true }));
    };
    const onBeforeInput = (event: InputEvent) => {
      // composition text is the input method's until it ends (then compositionend brings it)
      if (event.inputType === 'insertCompositionText') return;
      event.preventDefault();
      if (event.inputType === 'insertText' || event.inputType === 'insertReplacementText' || event.inputType === 'insertFromComposition') start(event.data ?? event.dataTransfer?.getData('text/plain') ?? '');
    };
    const onCompositionEnd = (event: CompositionEvent) => start(event.data);
    canvas.addEventListener('beforeinput', onBeforeInput);
    canvas.addEventListener('compositionend', onCompositionEnd);
    return () => {
      canvas.removeAttribute('contenteditable');
      canvas.removeEventListener('beforeinput', onBeforeInput);
      canvas.removeEventListener('compositionend', onCompositionEnd);
    };
  });
}
