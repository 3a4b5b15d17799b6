import { createQueryId, type Compilable, type CompiledQuery } from 'kysely';
import type { Executor } from './database.js';

/**
 * A name for the SQL of every prepared query: PostgreSQL runs these as named statements, parsed
 * once per connection (src/db/database.ts). Queries built afresh each time have none.
 */
const statementNames = new Map<string, string>();

/** The statement name of a prepared query's SQL, or undefined for any other SQL. */
export function statementNameOf(sql: string): string | undefined {
  return statementNames.get(sql);
}

/** Stands for a named value while a prepared query is built; replaced by the value at each run. */
class Placeholder {
  constructor(readonly name: string) {}
}

/** A compiled query and where its placeholders sit among its parameters. */
interface Compiled<Row> {
  query: CompiledQuery<Row>;
  slots: { index: number; name: string }[];
}

/**
 * A Kysely query built and compiled once, then run many times with new values, as in Kysely's
 * "splitting build, compile and execute" recipe. Building and compiling a query takes several
 * times what SQLite needs to run a small one (docs/PERFORMANCE.md), and a command runs ten or
 * more, so the queries of the busy paths are prepared.
 *
 * Only for queries whose shape does not depend on the values: an `in` list whose length varies is
 * built each time as usual. The SQL is compiled once per dialect (SQLite's and PostgreSQL's differ);
 * every Kysely instance of Roster has the same plugins, so one compilation serves them all.
 */
export class PreparedQuery<Values extends object, Row> {
  readonly #build: (db: Executor, values: Values) => Compilable<Row>;
  readonly #compiled = new Map<unknown, Compiled<Row>>();

  constructor(build: (db: Executor, values: Values) => Compilable<Row>) {
    this.#build = build;
  }

  /** Every row. */
  async execute(db: Executor, values: Values): Promise<Row[]> {
    const result = await db.executeQuery(this.#bind(db, values));
    return result.rows;
  }

  /** The first row, or undefined. */
  async executeTakeFirst(db: Executor, values: Values): Promise<Row | undefined> {
    const [first] = await this.execute(db, values);
    return first;
  }

  /** An insert, update or delete: how many rows it changed. */
  async executeWrite(db: Executor, values: Values): Promise<number> {
    const result = await db.executeQuery(this.#bind(db, values));
    return Number(result.numAffectedRows ?? 0n);
  }

  #bind(db: Executor, values: Values): CompiledQuery<Row> {
    const { query, slots } = this.#compile(db);
    const parameters = [...query.parameters];
    for (const { index, name } of slots) parameters[index] = values[name as keyof Values];
    // A fresh id per run, as a newly built query would have: plugins may keep state by it.
    return { ...query, parameters, queryId: createQueryId() };
  }

  #compile(db: Executor): Compiled<Row> {
    // The adapter's class tells the dialect apart (SqliteAdapter, PostgresAdapter).
    const dialect = db.getExecutor().adapter.constructor;
    let compiled = this.#compiled.get(dialect);
    if (!compiled) {
      const placeholders = new Proxy({} as Values, { get: (_, name) => new Placeholder(String(name)) });
      const query = this.#build(db, placeholders).compile();
      const slots = query.parameters.flatMap((value, index) =>
        value instanceof Placeholder ? [{ index, name: value.name }] : [],
      );
      compiled = { query, slots };
      this.#compiled.set(dialect, compiled);
      if (!statementNames.has(query.sql)) statementNames.set(query.sql, `roster_${statementNames.size + 1}`);
    }
    return compiled;
  }
}

/**
 * Prepares a query: `build` receives stand-ins for the values and must use each only as a value
 * (in `where`, `values`, `set`…), never to decide the query's shape.
 *
 * ```ts
 * const teamById = prepare((db, v: { teamId: string }) => db.selectFrom('teams').selectAll().where('id', '=', v.teamId));
 * const team = await teamById.executeTakeFirst(tx, { teamId });
 * ```
 */
export function prepare<Values extends object, Row>(
  build: (db: Executor, values: Values) => Compilable<Row>,
): PreparedQuery<Values, Row> {
  return new PreparedQuery(build);
}
