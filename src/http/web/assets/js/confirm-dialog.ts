// A modal question before anything that cannot be undone: the native <dialog>, so focus stays inside
// it, Escape answers no, and focus returns to the button that opened it.
import { h } from './dom.js';

let counter = 0;

/** Resolves true when the admin confirms, false when they decline or press Escape. */
export interface ConfirmQuestion {
  title: string;
  /** One paragraph, or several. */
  message: string | readonly string[];
  confirmLabel: string;
  cancelLabel?: string;
}

export function confirmDialog({ title, message, confirmLabel, cancelLabel = 'Keep it' }: ConfirmQuestion): Promise<boolean> {
  const opener = document.activeElement;
  const id = `confirm-${++counter}`;
  const yes = h('button', { type: 'button', class: 'danger', value: 'yes' }, confirmLabel);
  const no = h('button', { type: 'button', class: 'secondary', value: 'no' }, cancelLabel);
  const messages: readonly string[] = typeof message === 'string' ? [message] : message;
  const dialog = h(
    'dialog',
    { class: 'confirm-dialog', 'aria-labelledby': `${id}-title`, 'aria-describedby': `${id}-body` },
    h('h2', { id: `${id}-title` }, title),
    h(
      'div',
      { id: `${id}-body` },
      messages.map((m) => h('p', {}, m)),
    ),
    h('div', { class: 'confirm-box' }, yes, no),
  );
  document.body.append(dialog);
  return new Promise((resolve) => {
    const close = (answer: boolean): void => {
      dialog.close();
      dialog.remove();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve(answer);
    };
    yes.addEventListener('click', () => close(true));
    no.addEventListener('click', () => close(false));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      close(false);
    });
    dialog.showModal();
    // The safe answer has focus, so a stray Enter never confirms.
    no.focus();
  });
}
