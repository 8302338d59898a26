/** `ghcr.io/ovn-org/ovn:24.03` → repository + tag; a digest stays with the repository's tag field. */
import type { ImageRef } from '../model/project.js';

export function splitImage(image: string, built: boolean): ImageRef {
  const at = image.indexOf('@');
  if (at >= 0) return { repository: image.slice(0, at), tag: image.slice(at), built };
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  // A colon before the last slash belongs to a registry port (localhost:5000/app).
  if (colon > slash) return { repository: image.slice(0, colon), tag: image.slice(colon + 1), built };
  return { repository: image, tag: 'latest', built };
}
