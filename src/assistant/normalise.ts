import { foldSearchText } from '../db/queries/catalog-search.js';

/**
 * A word: letters and digits, joined by `_ - . / :` inside it, so a show id (`concert_2025`), a date
 * (`2030-06-01`, `12/06`) or a time (`20:30`) stays one word while trailing punctuation falls away.
 */
const WORD = /[\p{L}\p{N}]+(?:[_\-./:][\p{L}\p{N}]+)*/gu;

/** Apostrophes vanish rather than split: "what's" reads as "whats", "don't" as "dont". */
const APOSTROPHES = /['’‘`´]/g;

/** The words of a message as typed (case kept), for looking up ids. */
export function rawWords(message: string): string[] {
  return message.normalize('NFKC').replace(APOSTROPHES, '').match(WORD) ?? [];
}

/** The message as the rules read it: lower case, accents folded, words separated by single spaces. */
export function normaliseText(message: string): string {
  return rawWords(foldSearchText(message.normalize('NFKC')))
    .map((w) => w.toLowerCase())
    .join(' ');
}

/** Whether a phrase occurs in normalised text as whole words. */
export function hasPhrase(text: string, phrase: string): boolean {
  return ` ${text} `.includes(` ${phrase} `);
}
