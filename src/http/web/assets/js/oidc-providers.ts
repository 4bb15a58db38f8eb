// "Sign in with <provider>" for each OpenID Connect provider the server is configured with.
import { api } from './api.js';
import type { OidcProviderList } from './api-types.js';
import { byId, fill, h } from './dom.js';
import { authFormIds } from './element-ids.js';

/** Fills the sign-in and registration pages' provider list; the section stays hidden when there are none. */
export async function renderProviders(next: string): Promise<void> {
  const section = byId(authFormIds.oidcSection);
  const list = byId(authFormIds.oidcProviders);
  if (!section || !list) return;
  let providers: OidcProviderList['providers'];
  try {
    ({ providers } = await api<OidcProviderList>('/api/auth/oidc/providers'));
  } catch {
    return;
  }
  if (providers.length === 0) return;
  // A plain link: the start answers with a redirect to the provider, which the browser follows.
  fill(
    list,
    providers.map(({ id, name }) =>
      h(
        'a',
        {
          class: 'button secondary',
          href: `/api/auth/oidc/${encodeURIComponent(id)}/start?next=${encodeURIComponent(next)}`,
        },
        `Sign in with ${name}`,
      ),
    ),
  );
  section.hidden = false;
}
