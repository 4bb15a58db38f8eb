import type { ApiClient } from '../api/client.js';

/**
 * Titles for the shows of a list of bookings (bookings carry only the show id). A show that cannot
 * be read is left out: the id alone is still a fine label.
 */
export async function showTitles(api: ApiClient, showIds: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(showIds)];
  const titles = new Map<string, string>();
  await Promise.all(
    unique.map(async (id) => {
      try {
        titles.set(id, (await api.show(id)).title);
      } catch {
        // Only a label is lost.
      }
    }),
  );
  return titles;
}
