/**
 * compose `ports:` and `expose:` → Service ports. Published on all interfaces → exposed
 * (NodePort in dev); published on a loopback address → cluster-internal, a port-forward in dev;
 * `expose:` → internal. TCP and UDP on one number get distinct names.
 */
import type { ComposeService } from '../compose/types.js';
import type { ServicePort } from '../model/project.js';
import { byCodeUnit } from '../text/order.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export function translatePorts(service: ComposeService): ServicePort[] {
  const byKey = new Map<string, ServicePort>();
  const add = (target: number, protocol: ServicePort['protocol'], published: boolean, loopbackPort?: number, publishedPort?: number) => {
    const key = `${target}/${protocol}`;
    const existing = byKey.get(key);
    if (existing) {
      existing.published ||= published;
      if (loopbackPort !== undefined && existing.loopbackPort === undefined) existing.loopbackPort = loopbackPort;
      if (publishedPort !== undefined && existing.publishedPort === undefined) existing.publishedPort = publishedPort;
      return;
    }
    const port: ServicePort = { name: '', port: target, targetPort: target, protocol, published };
    if (loopbackPort !== undefined) port.loopbackPort = loopbackPort;
    if (publishedPort !== undefined) port.publishedPort = publishedPort;
    byKey.set(key, port);
  };
  for (const p of service.ports) {
    const protocol = p.protocol.toUpperCase() as ServicePort['protocol'];
    const loopback = p.hostIp !== undefined && LOOPBACK.test(p.hostIp);
    add(p.target, protocol, p.published !== undefined && !loopback, loopback ? p.published ?? p.target : undefined, loopback ? undefined : p.published);
  }
  for (const e of service.expose) add(e.port, e.protocol.toUpperCase() as ServicePort['protocol'], false);
  const ports = [...byKey.values()].sort((a, b) => a.port - b.port || byCodeUnit(a.protocol, b.protocol));
  const numbers = new Map<number, number>();
  for (const p of ports) numbers.set(p.port, (numbers.get(p.port) ?? 0) + 1);
  for (const p of ports) {
    // Port names are IANA_SVC_NAME: at most 15 characters, lowercase.
    p.name = numbers.get(p.port)! > 1 || p.protocol !== 'TCP' ? `${p.protocol.toLowerCase()}-${p.port}` : `tcp-${p.port}`;
  }
  return ports;
}
