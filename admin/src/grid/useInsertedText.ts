import { useEffect, type RefObject } from 'react';

/**
 * Text that reaches a selected cell without key events — an input method committing whole words
 * (handwriting, voice, some 拼音 IMEs), or a composition — opens the cell's editor with that text.
 *
 * Why a proxy: Glide keeps the focus on its canvas, or on a cell of the canvas's accessible table, which the
 * browser does not render, so text from an input method reaches nothing and was lost. The grid's focus is
 * therefore moved to an invisible text field inside Glide's scroller: Glide's copy, cut and paste (listening on
 * the window) look for the focus there, so they keep working, and the native Ctrl+C/V/X on the field raise
 * them. Its keys are handed on to the canvas as they are; the text it receives opens the editor through
 * Glide's own type-to-edit, starting with that text.
 */
let inserted: { text: string; at: number } | null = null;
/** An editor mounting later than this did not open for the inserted text. */
const FRESH_MS = 2000;
/** Marks the proxy, so the page's own shortcuts (Ctrl+Z, Ctrl+F) do not take it for a text field. */
export const GRID_INPUT = 'data-grid-input';

/** The text that opened the editor now mounting, once (the editors start with it instead of Glide's initial key). */
export function takeInsertedText(): string | undefined {
  const taken = inserted;
  inserted = null;
  return taken && Date.now() - taken.at < FRESH_MS ? taken.text : undefined;
}

/** A printable key: Glide opens the selected cell's editor on it (editOnType); the editor then takes the inserted text. */
const OPENING_KEY = 'a';

/** The keys handed on to the canvas: the page's own shortcuts have seen them already, on the proxy. */
const forwarded = new WeakSet<Event>();
export function isForwarded(event: Event): boolean {
  return forwarded.has(event);
}

function forward(canvas: HTMLElement, event: KeyboardEvent | undefined, key = event?.key ?? ''): boolean {
  const copy = new KeyboardEvent('keydown', {
    key,
    code: event?.code,
    ctrlKey: event?.ctrlKey,
    shiftKey: event?.shiftKey,
    altKey: event?.altKey,
    metaKey: event?.metaKey,
    bubbles: true,
    cancelable: true,
  });
  // Glide matches some keys by keyCode (Ctrl+D is `primary+_68`), which a constructed event does not carry
  Object.defineProperty(copy, 'keyCode', { value: event && key === event.key ? event.keyCode : key.toUpperCase().charCodeAt(0) });
  forwarded.add(copy);
  canvas.dispatchEvent(copy);
  return copy.defaultPrevented;
}

/** Keys whose native action on the proxy is what Glide needs: Ctrl+C/X/V raise the copy, cut and paste events it answers. */
function isClipboardKey(event: KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && ['c', 'x', 'v'].includes(event.key.toLowerCase());
}

/** Moves the grid's focus under `root` to the proxy while `enabled` (not in a read-only grid). */
export function useInsertedText(root: RefObject<HTMLElement | null>, enabled: boolean) {
  useEffect(() => {
    const box = root.current;
    if (!box || !enabled) return;
    const canvas = () => box.querySelector<HTMLElement>('[data-testid="data-grid-canvas"]');
    const proxy = document.createElement('textarea');
    proxy.setAttribute(GRID_INPUT, '');
    proxy.setAttribute('aria-hidden', 'true');
    proxy.tabIndex = -1;
    Object.assign(proxy.style, {
      position: 'absolute',
      width: '1px',
      height: '1px',
      opacity: '0',
      border: '0',
      padding: '0',
      resize: 'none',
      pointerEvents: 'none',
    });
    // a selected character, so that Ctrl+C raises `copy` (which Glide answers with the selected cells)
    const ready = () => {
      proxy.value = '\u00a0';
      proxy.select();
    };

    // Glide's scroller is the proxy's containing block (it has a transform): keep the proxy in its visible corner,
    // or the browser scrolls the grid to the proxy when an input method starts composing there
    const place = () => {
      const scroller = proxy.parentElement;
      if (scroller) Object.assign(proxy.style, { left: `${scroller.scrollLeft}px`, top: `${scroller.scrollTop}px` });
    };

    const onFocusIn = (event: FocusEvent) => {
      const grid = canvas();
      if (!grid || !(event.target instanceof Node) || !grid.contains(event.target)) return;
      // inside the element Glide checks for its focus (its scroller, which it may have mounted anew)
      const scroller = box.querySelector<HTMLElement>('.dvn-scroller');
      if (!scroller) return;
      if (proxy.parentElement !== scroller) scroller.appendChild(proxy);
      place();
      proxy.focus({ preventScroll: true });
      ready();
    };
    const start = (text: string) => {
      ready();
      const grid = canvas();
      if (!text || !grid) return;
      inserted = { text, at: Date.now() };
      forward(grid, undefined, OPENING_KEY);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.isComposing || event.keyCode === 229) return; // the input method's
      const grid = canvas();
      if (!grid) return;
      if (forward(grid, event) && !isClipboardKey(event)) event.preventDefault();
    };
    const onBeforeInput = (event: InputEvent) => {
      if (event.inputType === 'insertCompositionText') return; // the composition ends with compositionend
      event.preventDefault();
      if (event.inputType.startsWith('insert') && event.inputType !== 'insertFromPaste' && event.data) start(event.data);
    };
    // (after the input method is done with the field: its commit is still under way during compositionend)
    const onCompositionEnd = (event: CompositionEvent) => setTimeout(() => start(event.data), 0);

    box.addEventListener('focusin', onFocusIn);
    proxy.addEventListener('keydown', onKeyDown);
    proxy.addEventListener('beforeinput', onBeforeInput);
    proxy.addEventListener('compositionstart', place);
    proxy.addEventListener('compositionend', onCompositionEnd);
    // (the grid may hold the focus already)
    if (document.activeElement) onFocusIn({ target: document.activeElement } as unknown as FocusEvent);
    return () => {
      box.removeEventListener('focusin', onFocusIn);
      proxy.remove();
    };
  }, [root, enabled]);
}
