// PNG export: the serialized SVG drawn on a canvas (plus the packet canvas
// that sits on top of the scene), at device-pixel scale. The SVG goes in as a
// data: URL image, which the CSP allows (img-src data:) and which does not
// taint the canvas because it references nothing external.

export async function renderPng(svg: { text: string; width: number; height: number }, overlay: HTMLCanvasElement | null, scale = Math.max(1, Math.min(3, window.devicePixelRatio || 1))): Promise<Blob> {
  const img = new Image();
  img.decoding = 'async';
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.text)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(svg.width * scale);
  canvas.height = Math.round(svg.height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('PNG export: no 2D canvas');
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  if (overlay && overlay.width > 0 && overlay.height > 0) ctx.drawImage(overlay, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG export failed'))), 'image/png'));
}
