/** Loading vector cases and comparing results with `expected` (shared by the runner, bench and tests). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Case {
  id: string;
  op: string;
  input: unknown;
  expected: unknown;
}

/** Every key of `expected` matches `actual` (recursively); arrays compare element by element. */
export function matchesExpected(expected: unknown, actual: unknown): boolean {
  if (expected === null || typeof expected !== 'object') {
    if (typeof expected === 'string' && typeof actual === 'string') return expected.toLowerCase() === actual.toLowerCase() && (expected === actual || /^[0-9a-fA-F]*$/.test(expected));
    return expected === actual;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false;
    for (let i = 0; i < expected.length; i++) if (!matchesExpected(expected[i], actual[i])) return false;
    return true;
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  const a = actual as Record<string, unknown>;
  for (const [k, v] of Object.entries(expected as Record<string, unknown>)) {
    if (!(k in a) || !matchesExpected(v, a[k])) return false;
  }
  return true;
}

export function loadCases(dir: string): Case[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  const cases: Case[] = [];
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      cases.push(JSON.parse(line) as Case);
    }
  }
  return cases;
}

