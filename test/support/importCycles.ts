/**
 * Import cycles among a package's source files, read with the TypeScript compiler: every `import`,
 * `export … from` and `import()` of a relative path, imports of types alone included. A cycle of runtime
 * imports can leave a module half-initialised when another one reads it; a cycle through types alone runs,
 * but two files that must each be read to understand the other are one tangle split in two (the `Database`
 * type gathering every area's tables must not name back a file that needs it).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.d\.ts$/.test(name) ? [path] : [];
  });
}

/** The file a relative specifier names (`./x`, `./x.js`, `./dir`), or null for a package. */
function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier).replace(/\.js$/, '');
  const candidates = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')];
  return candidates.find((path) => existsSync(path)) ?? null;
}

/** The relative or package specifiers a file imports or re-exports, for values or for types. */
function imports(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    false,
    file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const specifiers: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      specifiers.push(node.moduleSpecifier.text);
    } else if ((ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) || ts.isImportTypeNode(node)) {
      const argument = ts.isCallExpression(node) ? node.arguments[0] : node.argument;
      const literal = argument && ts.isLiteralTypeNode(argument) ? argument.literal : argument;
      if (literal && ts.isStringLiteral(literal)) specifiers.push(literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

/**
 * The groups of files that import one another, directly or round a loop (strongly connected components of
 * the import graph, Tarjan's algorithm), each as paths relative to `root`, sorted: none when there is no cycle.
 */
export function importCycles(root: string): string[][] {
  const files = sourceFiles(root);
  const edges = new Map(
    files.map((file) => [
      file,
      imports(file)
        .map((specifier) => resolveImport(file, specifier))
        .filter((path): path is string => path !== null),
    ]),
  );
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const next of edges.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== file);
    if (group.length > 1 || edges.get(file)!.includes(file)) groups.push(group.map((path) => relative(root, path)).sort());
  };
  for (const file of files) if (!index.has(file)) visit(file);
  return groups;
}
