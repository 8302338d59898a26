// Offline validation of rendered manifests, two complementary ways:
//  1. kubernetes-models' ajv schemas: types, required fields, enums, quantity formats. They do NOT
//     reject unknown fields (the Kubernetes OpenAPI has no additionalProperties: false).
//  2. a walk over @kubernetes/client-node's generated field metadata, which catches exactly those
//     unknown/misspelled fields (what `kubectl apply` rejects with strict field validation).
import { parseAllDocuments } from 'yaml';
import * as k8s from '@kubernetes/client-node/dist/gen/models/all.js';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

type ModelCtor = new (data: any) => { validate(): void };
type Json = unknown;

// "<apiVersion>/<kind>" -> [kubernetes-models class, client-node root class name].
const KINDS: Record<string, [ModelCtor, string]> = {
  'apps/v1/Deployment': [Deployment, 'V1Deployment'],
  'apps/v1/StatefulSet': [StatefulSet, 'V1StatefulSet'],
  'apps/v1/DaemonSet': [DaemonSet, 'V1DaemonSet'],
  'v1/Service': [Service, 'V1Service'],
  'v1/ConfigMap': [ConfigMap, 'V1ConfigMap'],
  'v1/Secret': [Secret, 'V1Secret'],
  'v1/ServiceAccount': [ServiceAccount, 'V1ServiceAccount'],
  'v1/PersistentVolumeClaim': [PersistentVolumeClaim, 'V1PersistentVolumeClaim'],
  'v1/Pod': [Pod, 'V1Pod'],
  'batch/v1/Job': [Job, 'V1Job'],
  'batch/v1/CronJob': [CronJob, 'V1CronJob'],
  'networking.k8s.io/v1/NetworkPolicy': [NetworkPolicy, 'V1NetworkPolicy'],
  'networking.k8s.io/v1/Ingress': [Ingress, 'V1Ingress'],
  'policy/v1/PodDisruptionBudget': [PodDisruptionBudget, 'V1PodDisruptionBudget'],
  'rbac.authorization.k8s.io/v1/Role': [Role, 'V1Role'],
  'rbac.authorization.k8s.io/v1/RoleBinding': [RoleBinding, 'V1RoleBinding'],
  'rbac.authorization.k8s.io/v1/ClusterRole': [ClusterRole, 'V1ClusterRole'],
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': [ClusterRoleBinding, 'V1ClusterRoleBinding'],
  'autoscaling/v2/HorizontalPodAutoscaler': [HorizontalPodAutoscaler, 'V2HorizontalPodAutoscaler'],
};

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const childPath = (base: string, key: string | number): string =>
  typeof key === 'number' ? `${base}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? (base ? `${base}.${key}` : key) : `${base}[${JSON.stringify(key)}]`;

// ---- 1. kubernetes-models (ajv) --------------------------------------------------------------

interface AjvError { instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }

// ajv reports JSON pointers (/spec/containers/0); turn them into the same dotted paths the field
// walk uses, deciding [n] vs .key from the actual data (a map key can look numeric too).
function pointerToPath(root: Json, pointer: string): string {
  let out = '';
  let node: Json = root;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) { out = childPath(out, Number(seg)); node = node[Number(seg)]; }
    else { out = childPath(out, seg); node = isObject(node) ? node[seg] : undefined; }
  }
  return out || '(root)';
}

function schemaProblems(Model: ModelCtor, obj: Record<string, Json>): string[] {
  try {
    new Model(obj).validate();
    return [];
  } catch (e) {
    const errors = (e as { errors?: AjvError[] }).errors;
    if (!errors?.length) return [String((e as Error).message ?? e)];
    // IntOrString/Quantity are oneOf[integer, string+format]: one bad value yields 3 errors at one
    // path. Group by path so each path gives one readable line.
    const byPath = new Map<string, string[]>();
    for (const err of errors) {
      const p = pointerToPath(obj, err.instancePath);
      let msg = err.message ?? err.keyword;
      if (err.keyword === 'enum') msg += ` ${JSON.stringify(err.params.allowedValues)}`;
      if (err.keyword === 'required') msg = `missing required field "${String(err.params.missingProperty)}"`;
      const list = byPath.get(p) ?? [];
      if (!list.includes(msg)) list.push(msg);
      byPath.set(p, list);
    }
    return [...byPath].map(([p, msgs]) => `${p}: ${msgs.join('; ')}`);
  }
}

// ---- 2. unknown-field walk over client-node metadata -----------------------------------------

type AttrMap = ReadonlyArray<{ baseName: string; type: string }>;
const models = k8s as unknown as Record<string, { attributeTypeMap?: AttrMap } | undefined>;
// Leaf types whose content is not a model: nothing to walk into.
const OPAQUE = new Set(['string', 'number', 'boolean', 'any', 'object', 'Date', 'IntOrString', 'V1MicroTime']);

function walk(value: Json, type: string, path: string, out: string[]): void {
  if (value === null || value === undefined || OPAQUE.has(type)) return;
  const arr = /^Array<(.+)>$/.exec(type);
  if (arr) {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, arr[1]!, childPath(path, i), out));
    return; // a non-array here is a type error, which the schema check reports
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (isObject(value)) for (const [k, v] of Object.entries(value)) walk(v, map[1]!, childPath(path, k), out);
    return;
  }
  const attrs = models[type]?.attributeTypeMap;
  if (!attrs) { out.push(`${path || '(root)'}: cannot check fields, no client-node metadata for type ${type}`); return; }
  if (!isObject(value)) return; // wrong type: reported by the schema check
  for (const [k, v] of Object.entries(value)) {
    const attr = attrs.find((a) => a.baseName === k);
    if (attr) walk(v, attr.type, childPath(path, k), out);
    else out.push(`${childPath(path, k)}: unknown field "${k}" (not in ${type})`);
  }
}

// ---- entry point ------------------------------------------------------------------------------

/** Validates every document of a multi-document YAML stream; returns problems, [] when valid. */
export function validateManifests(yamlText: string): string[] {
  const problems: string[] = [];
  // Kubernetes (sigs.k8s.io/yaml, go-yaml v2) reads YAML 1.1, where an unquoted yes/on/off is a
  // boolean; parse the same way so `value: yes` in an env var fails here as it would in kubectl.
  // go-yaml v2 has no base-60 numbers and keeps timestamps as strings, so drop those 1.1 tags.
  const docs = parseAllDocuments(yamlText, {
    version: '1.1',
    customTags: (tags) => tags.filter((t) => typeof t === 'string' || (t.format !== 'TIME' && t.tag !== 'tag:yaml.org,2002:timestamp')),
  });
  if (!Array.isArray(docs)) return problems; // EmptyStream: nothing rendered
  docs.forEach((doc, i) => {
    if (doc.errors.length) {
      problems.push(`<unparsed>/document-${i}: ${doc.errors.map((e) => e.message).join('; ')}`);
      return;
    }
    const obj = doc.toJS() as Json;
    if (obj === null || obj === undefined) return; // empty document (e.g. only a "# Source:" comment)
    if (!isObject(obj)) { problems.push(`<unknown>/document-${i}: not a mapping`); return; }
    const meta = isObject(obj.metadata) ? obj.metadata : {};
    const id = `${String(obj.kind ?? '<no kind>')}/${String(meta.name ?? '<no name>')}`;
    const entry = KINDS[`${String(obj.apiVersion)}/${String(obj.kind)}`];
    if (!entry) { problems.push(`${id}: unknown apiVersion/kind ${String(obj.apiVersion)} ${String(obj.kind)}`); return; }
    const found: string[] = [];
    // The API server requires a name (we never use generateName); the schemas leave it optional.
    if (typeof meta.name !== 'string' || meta.name === '') found.push('metadata.name: missing required field "name"');
    found.push(...schemaProblems(entry[0], obj));
    walk(obj, entry[1], '', found);
    problems.push(...found.map((p) => `${id}: ${p}`));
  });
  return problems;
}
