// Per-file mutation table from Stryker's JSON report (`npm run mutation` writes it), with the
// score both over all mutants and leaving out text-only mutants.
//
// Text-only mutant (the one definition used in reports and notes): a `StringLiteral` mutant whose
// literal's own text (for a template, its text parts without the `${}` expressions) contains
// whitespace, and which is not compared or looked up: the literal, through parentheses, `? :`
// branches, `+` concatenation and enclosing templates, is not an operand of `==`/`!=`/`===`/`!==`,
// not a `case` label, and not an argument of has/includes/startsWith/endsWith/indexOf/get/test/
// match/exec/replace/split. Identifiers of Sentry's and Relay's vocabulary (roles, scopes, event
// names, platforms, field names, rule types) contain no whitespace, so such mutants only change the
// prose of messages, reasons, remedies and rationales. Everything else counts as behaviour.
//
// Usage: tsx test/mutation/table.ts [report.json] [--survivors]

import { readFileSync } from 'node:fs';
import ts from 'typescript';

interface Pos { line: number; column: number }
interface Mutant { id: string; mutatorName: string; replacement?: string; status: string; static?: boolean; location: { start: Pos; end: Pos } }
interface Report { files: Record<string, { source: string; mutants: Mutant[] }> }

const LOOKUPS = new Set(['has', 'includes', 'startsWith', 'endsWith', 'indexOf', 'get', 'test', 'match', 'exec', 'replace', 'split']);
const COMPARISONS = new Set([ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken]);

function offsetOf(lineStarts: readonly number[], p: Pos): number {
  return (lineStarts[p.line - 1] ?? 0) + p.column - 1;
}

function literalAt(sf: ts.SourceFile, start: number, end: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (n.getStart(sf) === start && n.getEnd() === end && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n))) found = n;
    else if (n.getStart(sf) <= start && n.getEnd() >= end) ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

function ownText(n: ts.Node): string {
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  if (ts.isTemplateExpression(n)) return n.head.text + n.templateSpans.map((s) => s.literal.text).join('');
  return '';
}

function comparedOrLookedUp(n: ts.Node): boolean {
  let cur = n;
  for (;;) {
    const p = cur.parent;
    if (!p) return false;
    const passThrough = ts.isParenthesizedExpression(p) || ts.isTemplateSpan(p) || ts.isTemplateExpression(p)
      || (ts.isConditionalExpression(p) && p.condition !== cur)
      || (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.PlusToken);
    if (passThrough) { cur = p; continue; }
    if (ts.isBinaryExpression(p) && COMPARISONS.has(p.operatorToken.kind)) return true;
    if (ts.isCaseClause(p) && p.expression === cur) return true;
    if (ts.isCallExpression(p) && p.arguments.includes(cur as ts.Expression) && ts.isPropertyAccessExpression(p.expression) && LOOKUPS.has(p.expression.name.text)) return true;
    return false;
  }
}

export function isTextOnly(sf: ts.SourceFile, m: Mutant): boolean {
  if (m.mutatorName !== 'StringLiteral') return false;
  const lit = literalAt(sf, offsetOf(sf.getLineStarts(), m.location.start), offsetOf(sf.getLineStarts(), m.location.end));
  if (!lit) return false;
  return /\s/.test(ownText(lit)) && !comparedOrLookedUp(lit);
}

const DETECTED = new Set(['Killed', 'Timeout']);
const COUNTED = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);

interface Row { file: string; killed: number; timeout: number; survived: number; noCoverage: number; ignored: number; errors: number; text: number; textDetected: number }

const pct = (num: number, den: number): string => (den === 0 ? 'n/a' : `${((100 * num) / den).toFixed(1)}%`);

function main(): void {
  const args = process.argv.slice(2);
  const path = args.find((a) => !a.startsWith('--')) ?? 'reports/mutation/mutation.json';
  const report = JSON.parse(readFileSync(path, 'utf8')) as Report;
  const rows: Row[] = [];
  const survivors: string[] = [];
  for (const [file, { source, mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
    const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const lines = source.split('\n');
    const row: Row = { file, killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, errors: 0, text: 0, textDetected: 0 };
    for (const m of mutants) {
      if (m.status === 'Killed') row.killed += 1;
      else if (m.status === 'Timeout') row.timeout += 1;
      else if (m.status === 'Survived') row.survived += 1;
      else if (m.status === 'NoCoverage') row.noCoverage += 1;
      else if (m.status === 'Ignored') row.ignored += 1;
      else row.errors += 1;
      if (!COUNTED.has(m.status)) continue;
      const text = isTextOnly(sf, m);
      if (text) {
        row.text += 1;
        if (DETECTED.has(m.status)) row.textDetected += 1;
      } else if (!DETECTED.has(m.status)) {
        const src = (lines[m.location.start.line - 1] ?? '').trim().slice(0, 140);
        survivors.push(`${file}:${m.location.start.line}:${m.location.start.column} ${m.status} ${m.mutatorName} -> ${JSON.stringify(m.replacement ?? '')}\n    ${src}`);
      }
    }
    rows.push(row);
  }
  const total = rows.reduce<Row>((t, r) => ({
    file: 'All files', killed: t.killed + r.killed, timeout: t.timeout + r.timeout, survived: t.survived + r.survived, noCoverage: t.noCoverage + r.noCoverage,
    ignored: t.ignored + r.ignored, errors: t.errors + r.errors, text: t.text + r.text, textDetected: t.textDetected + r.textDetected,
  }), { file: 'All files', killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, errors: 0, text: 0, textDetected: 0 });
  console.log('| file | killed | timeout | survived | no cov | static/ignored | score | text-only (detected/all) | score w/o text-only |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of [...rows, total]) {
    const counted = r.killed + r.timeout + r.survived + r.noCoverage;
    const detected = r.killed + r.timeout;
    console.log(`| ${r.file} | ${r.killed} | ${r.timeout} | ${r.survived} | ${r.noCoverage} | ${r.ignored} | ${pct(detected, counted)} | ${r.textDetected}/${r.text} | ${pct(detected - r.textDetected, counted - r.text)} |`);
  }
  if (args.includes('--survivors')) {
    console.log(`\nUndetected mutants that are not text-only (${survivors.length}):`);
    for (const s of survivors) console.log(s);
  }
}

main();
