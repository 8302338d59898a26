/**
 * An empty object for keys that come from the user's files (environment variable, label, build
 * argument, sysctl and file names). With Object.prototype behind it, `record['__proto__'] = v`
 * would replace the prototype instead of adding a key, and the value would vanish from the output;
 * without one, every name is an ordinary key. JSON, the YAML writer and Object.keys/entries treat
 * it like any other plain object.
 */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * `record[key] = value` on an object that keeps Object.prototype (compose data, which error paths
 * may turn into text): a `__proto__` key becomes an own key, as Object.fromEntries makes it,
 * instead of replacing the prototype.
 */
export function setOwnKey(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  else record[key] = value;
}
