// One Idempotency-Key per filled-in form, so a double click or a retry after a lost answer creates
// one item, while an edited form is a new request.
import { newIdempotencyKey } from './api.js';

/**
 * `key()` is the form's current key; any edit of the form starts a new one, and so does `done()`
 * after a success (the form is cleared then, and its next submit is another item).
 */
export function formKey(form) {
  let key = null;
  form.addEventListener('input', () => (key = null));
  form.addEventListener('change', () => (key = null));
  return {
    key: () => (key ??= newIdempotencyKey()),
    done() {
      key = null;
    },
  };
}
