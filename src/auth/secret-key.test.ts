import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';

const dirs: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'roster-key-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the secret key', () => {
  it('comes from SECRET_KEY when set, and a bad one stops the start without being repeated', () => {
    const key = randomBytes(32);
    const dir = folder();
    const config = loadConfig({ SECRET_KEY: key.toString('base64'), DATABASE_URL: `sqlite:${join(dir, 'roster.db')}` });
    expect(config.secretKey).toEqual(key);
    expect(config.secretKeySource).toBe('SECRET_KEY');
    expect(() => loadConfig({ SECRET_KEY: 'not-a-key-sekret', DATABASE_URL: `sqlite:${join(dir, 'roster.db')}` })).toThrow(/SECRET_KEY must be 32 bytes/);
    expect(() => loadConfig({ SECRET_KEY: 'not-a-key-sekret' })).not.toThrow(/sekret/);
  });

  it('is otherwise made on first start beside the SQLite database, readable by its owner only, and kept', () => {
    const dir = folder();
    const env = { DATABASE_URL: `sqlite:${join(dir, 'data', 'roster.db')}` };
    const first = loadConfig(env);
    const path = join(dir, 'data', 'secret.key');
    expect(first.secretKeySource).toBe(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64')).toEqual(first.secretKey);
    expect(loadConfig(env).secretKey).toEqual(first.secretKey);
  });

  it('lives under DATA_DIR when set (PostgreSQL), and a damaged key file stops the start', () => {
    const dir = folder();
    const env = { DATABASE_URL: 'postgres://roster@db.internal/roster', DATA_DIR: dir };
    expect(loadConfig(env).secretKeySource).toBe(join(dir, 'secret.key'));
    rmSync(join(dir, 'secret.key'));
    const damaged = folder();
    // Written by hand, with the wrong content.
    writeFileSync(join(damaged, 'secret.key'), 'too short\n');
    expect(() => loadConfig({ ...env, DATA_DIR: damaged })).toThrow(/key file .* must be 32 bytes/);
  });
});

