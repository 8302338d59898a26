/** `text` as a regular expression that matches exactly it (service names, secret values). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
