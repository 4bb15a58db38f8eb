import type { EventCategory } from '../../db/schema/catalog.js';

export const categoryLabels: Record<EventCategory, string> = {
  movie: 'Movies',
  concert: 'Concerts',
  theatre: 'Theatre',
  sports: 'Sports',
  train: 'Trains',
  other: 'Other',
};
