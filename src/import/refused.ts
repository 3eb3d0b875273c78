// An input the importer will not read: one line that says why, and nothing is written.

export class ImportRefused extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ImportRefused';
  }
}

export function refuse(reason: string): never {
  throw new ImportRefused(reason);
}
