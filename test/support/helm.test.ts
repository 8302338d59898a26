import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, it, expect } from 'vitest';
import { helmLint, helmPath, helmTemplate, withDependencyStandIns } from './helm.js';
import { validateManifests } from './kube-validate.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

// Writes a chart from { relativePath: content } into a fresh temp dir named "demo".
function writeChart(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'c2h-helm-test-'));
  dirs.push(root);
  const dir = path.join(root, 'demo');
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const chartYaml = 'apiVersion: v2\nname: demo\ndescription: test chart\nversion: 0.1.0\nappVersion: "1.0"\nicon: https://example.com/icon.png\n';
const configMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
  namespace: {{ .Release.Namespace }}
data:
  greeting: {{ .Values.greeting | quote }}
`;
const tiny = () =>
  writeChart({ 'Chart.yaml': chartYaml, 'values.yaml': 'greeting: hello\n', 'templates/configmap.yaml': configMap });

describe('helm support', () => {
  it('finds the extracted binary', () => {
    expect(fs.statSync(helmPath()).mode & 0o111).not.toBe(0);
  });

  it('lints and renders a tiny chart whose output validates', () => {
    const dir = tiny();
    const lint = helmLint(dir);
    expect(lint.stderr).toBe('');
    expect(lint.code).toBe(0);

    const out = helmTemplate(dir, { releaseName: 'rel', namespace: 'ns1', set: ['greeting=hi there'] });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('name: rel-config');
    expect(out.stdout).toContain('namespace: ns1');
    expect(out.stdout).toContain('greeting: "hi there"');
    expect(validateManifests(out.stdout)).toEqual([]);
  });

  it('passes values files to lint and template', () => {
    const dir = tiny();
    const extra = path.join(path.dirname(dir), 'extra.yaml');
    fs.writeFileSync(extra, 'greeting: from-file\n');
    expect(helmLint(dir, [extra]).code).toBe(0);
    expect(helmTemplate(dir, { valuesFiles: [extra] }).stdout).toContain('greeting: "from-file"');
  });

  it('fails lint on a broken template', () => {
    const dir = writeChart({
      'Chart.yaml': chartYaml,
      'values.yaml': 'greeting: hello\n',
      'templates/configmap.yaml': configMap.replace('{{ .Values.greeting | quote }}', '{{ .Values.greeting | quote'),
    });
    const lint = helmLint(dir);
    expect(lint.code).not.toBe(0);
    expect(lint.stdout + lint.stderr).toMatch(/configmap\.yaml/);
  });

  it('renders a chart with dependencies via stand-ins, values for the dependency included', () => {
    const dir = writeChart({
      'Chart.yaml': `${chartYaml}dependencies:\n  - name: postgresql\n    version: "^16.2.x"\n    repository: oci://registry.example.com/charts\n    condition: postgresql.enabled\n`,
      'values.yaml': 'greeting: hello\npostgresql:\n  enabled: true\n  auth:\n    database: app\n',
      'templates/configmap.yaml': configMap,
    });
    // Without the dependency Helm refuses to render.
    expect(helmTemplate(dir).code).not.toBe(0);

    const copy = withDependencyStandIns(dir);
    expect(copy).not.toBe(dir);
    expect(fs.existsSync(path.join(dir, 'charts'))).toBe(false); // the original is untouched
    expect(fs.readFileSync(path.join(copy, 'charts/postgresql/Chart.yaml'), 'utf8')).toContain('version: 16.2.0');
    const out = helmTemplate(copy);
    expect(out.code, out.stderr).toBe(0);
    expect(validateManifests(out.stdout)).toEqual([]);
    expect(helmLint(copy).code).toBe(0);
  });
});
