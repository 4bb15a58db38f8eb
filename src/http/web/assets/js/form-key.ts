// One Idempotency-Key per filled-in form, so a double click or a retry after a lost answer creates
// one item, while an edited form is a new request.
import { newIdempotencyKey } from './api.js';

export interface FormKey {
  /** The form's current key. */
  key(): string;
  /** After a success: the form is cleared then, and its next submit is another item. */
  done(): void;
}

/** A key per filled-in form: any edit of the form starts a new one, and so does `done()`. */
export function formKey(form: HTMLFormElement): FormKey {
  let key: string | null = null;
  form.addEventListener('input', () => (key = null));
  form.addEventListener('change', () => (key = null));
  return {
    key: () => (key ??= newIdempotencyKey()),
    done() {
      key = null;
    },
  };
}
