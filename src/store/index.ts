export * from './dialect.js';
export * from './errors.js';
export * from './migrations.js';
export * from './open.js';
export * from './pagination.js';
export { SqliteDatabase } from './sqlite.js';
export { PostgresDatabase, isPostgresUrl } from './postgres.js';
