// On a phone the header's links and account sit behind a Menu button, so the header stays one line.
import { layoutIds } from './element-ids.js';
const header = document.querySelector<HTMLElement>('.site-header');
const toggle = document.getElementById(layoutIds.menuToggle);

if (header && toggle) {
  const setOpen = (open: boolean): void => {
    header.classList.toggle('menu-open', open);
    toggle.setAttribute('aria-expanded', String(open));
  };
  toggle.addEventListener('click', () => setOpen(toggle.getAttribute('aria-expanded') !== 'true'));
  header.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || toggle.getAttribute('aria-expanded') !== 'true') return;
    setOpen(false);
    toggle.focus();
  });
}
