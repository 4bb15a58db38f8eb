/** Why a catalog write was refused; the HTTP layer maps `validation_failed` to 422 and `not_found` to 404. */
export type CatalogErrorCode = 'validation_failed' | 'not_found';

export class CatalogError extends Error {
  constructor(
    readonly code: CatalogErrorCode,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'CatalogError';
  }
}
