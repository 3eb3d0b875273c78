// A BookMeta with every required field, for tests that build a model by hand.
import type { BookMeta } from '../../src/model/book.js';

export function bookMeta(overrides: Partial<BookMeta> = {}): BookMeta {
  return {
    title: 'Help Wanted',
    authors: ['A. Writer'],
    language: 'en',
    identifier: 'urn:uuid:00000000-0000-5000-8000-000000000000',
    fandoms: [],
    warnings: [],
    relationships: [],
    characters: [],
    tags: [],
    modified: new Date(0),
    ...overrides,
  };
}
