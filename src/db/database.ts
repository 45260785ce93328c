/**
 * One MySQL pool and one Kysely instance per process. Works against MySQL 8 and MariaDB 10.11.
 * @module
 */
import { CamelCasePlugin, Kysely, MysqlDialect, sql } from 'kysely'
import { createPool, type Pool, type PoolOptions } from 'mysql2'
import type { Database } from './schema.js'

export type Db = Kysely<Database>

export const POOL_CONNECTIONS_MAX = 20

function poolOptions(databaseUrl: string, overrides: PoolOptions = {}): PoolOptions {
  const url = new URL(databaseUrl)
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 3306,
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    database: url.pathname.slice(1) || undefined,
    connectionLimit: POOL_CONNECTIONS_MAX,
    // BIGINT fen arrive as numbers while they are safe integers, as strings beyond (asserted at use).
    supportBigNumbers: true,
    bigNumberStrings: false,
    // DATE columns stay 'YYYY-MM-DD' strings: business dates have no time zone.
    dateStrings: ['DATE'],
    timezone: 'Z',
    ...overrides,
  }
}

export function databaseName(databaseUrl: string): string {
  return new URL(databaseUrl).pathname.slice(1)
}

export function createPoolFor(databaseUrl: string, overrides: PoolOptions = {}): Pool {
  const pool = createPool(poolOptions(databaseUrl, overrides))
  // Instants are UTC everywhere: CURRENT_TIMESTAMP columns must agree with the Dates we write.
  pool.on('connection', (connection) => {
    connection.query("SET time_zone = '+00:00'")
  })
  return pool
}

export function createDb(databaseUrl: string, overrides: PoolOptions = {}): Db {
  return new Kysely<Database>({
    dialect: new MysqlDialect({ pool: createPoolFor(databaseUrl, overrides) }),
    plugins: [new CamelCasePlugin()],
  })
}

/** Creates the database named in the URL if it does not exist. */
export async function ensureDatabaseExists(databaseUrl: string): Promise<void> {
  const name = databaseName(databaseUrl)
  const server = createPoolFor(databaseUrl, { database: undefined, connectionLimit: 1 })
  try {
    await server.promise().query(`CREATE DATABASE IF NOT EXISTS \`${name.replaceAll('`', '``')}\``)
  } finally {
    await server.promise().end()
  }
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = databaseName(databaseUrl)
  const server = createPoolFor(databaseUrl, { database: undefined, connectionLimit: 1 })
  try {
    await server.promise().query(`DROP DATABASE IF EXISTS \`${name.replaceAll('`', '``')}\``)
  } finally {
    await server.promise().end()
  }
}

export async function pingDatabase(db: Db): Promise<void> {
  await sql`SELECT 1`.execute(db)
}

/** Whether a MySQL error is a unique-key violation. */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'ER_DUP_ENTRY'
}
