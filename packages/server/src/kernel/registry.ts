import type { CommandDecl } from './command.ts';

/** All API commands, by name; the one place the kernel learns what commands exist. */
export class CommandRegistry {
  private readonly byName = new Map<string, CommandDecl>();
  private readonly byLowerName = new Map<string, CommandDecl>();

  constructor(decls: readonly CommandDecl[]) {
    for (const d of decls) {
      if (this.byName.has(d.name)) throw new Error(`command ${d.name} is declared twice`);
      this.byName.set(d.name, d);
      this.byLowerName.set(d.name.toLowerCase(), d);
    }
  }

  /** Looks a command up by its exact name, then case-insensitively (CloudStack clients always send the exact name). */
  get(name: string): CommandDecl | undefined {
    return this.byName.get(name) ?? this.byLowerName.get(name.toLowerCase());
  }

  all(): CommandDecl[] {
    return [...this.byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
