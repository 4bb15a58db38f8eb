/** Every test database is cloned from this one, which holds all migrations. */
export const TEMPLATE_DATABASE = 'showtime_template';

/** The URL of another database on the same server, with the same credentials. */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
