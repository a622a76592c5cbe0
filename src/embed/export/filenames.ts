// File names of exports: predictable, and safe on every OS whatever the user
// named their nodes.

export function safeFilePart(text: string): string {
  const s = text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return s.slice(0, 60) || 'cluster';
}

/** `svcviz-node-1-iptables-rules.txt` */
export function rulesFilename(node: string, mode: string): string {
  return `svcviz-${safeFilePart(node)}-${safeFilePart(mode)}-rules.txt`;
}

export const SCENE_SVG_FILE = 'svcviz-scene.svg';
export const SCENE_PNG_FILE = 'svcviz-scene.png';
export const MERMAID_FILE = 'svcviz-topology.mmd';
