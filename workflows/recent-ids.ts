/** Remembers the most recent ids only, so the set carried through continue-as-new stays small. */
export class RecentIds {
  private readonly ids: string[];
  constructor(initial: string[], private readonly limit = 500) {
    this.ids = initial.slice(-limit);
  }
  has(id: string): boolean {
    return this.ids.includes(id);
  }
  add(id: string): void {
    this.ids.push(id);
    if (this.ids.length > this.limit) this.ids.shift();
  }
  toJSON(): string[] {
    return [...this.ids];
  }
}
