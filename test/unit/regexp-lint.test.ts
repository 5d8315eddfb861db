// The lint's regexp analysis: it finds the kind of expression that once let 100 KB of `<a` block the
// client for seconds, and src/ and scripts/ have none.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

describe('super-linear regular expressions', () => {
  it('are found (the old error-page stripper)', async () => {
    const [result] = await eslint.lintText("export const text = (html: string) => html.replace(/<[^>]+>/g, ' ');\n", { filePath: 'src/probe.ts' });
    expect(result!.messages.map((m) => m.ruleId)).toEqual(['regexp/no-super-linear-move']);
  });

  it('are absent from src/ and scripts/', { timeout: 60_000 }, async () => {
    const results = await eslint.lintFiles(['src', 'scripts']);
    expect(results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId}`))).toEqual([]);
  });
});
